import { randomBytes } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { Article } from './articleStore';
import { articleOf, bodyEntity, inverted, textColumn } from './articleRows';
import { deleteAction, readRows, transact } from './partitionRows';

/*
 * An article's earlier versions: every save keeps the version it replaces, in the chat's partition, as row
 * `v<article id><inverted time the version was saved><4 random hex digits>`, so that one range read lists an
 * article's versions newest first and no range of the list, of search or of the index ever meets them. A
 * version row holds the version's whole text (like the article's row) and who replaced it, when.
 */

const versionPrefix = 'v';
/** The fewest earlier versions an article's history keeps: a save that would keep more drops the oldest. */
export const keptVersions = 50;
/** Versions beyond `keptVersions` one save drops at most (normally one: the oldest). */
export const dropAtOnce = 10;

export const versionKeyPattern = /^v\d{13}[0-9a-f]{8}\d{13}[0-9a-f]{4}$/;

/** One earlier version of an article, as its history lists it (without its text). */
export interface ArticleVersion {
  /** its row key, which names it */
  key: string;
  title: string;
  /** who saved this version, and when (its own change time) */
  editorId: string;
  editorName: string;
  savedAt: string;
  /** who replaced it with a newer one, and when */
  replacedById: string;
  replacedByName: string;
  replacedAt: string;
}

/** An earlier version with its text, as it was: enough to show it and to restore it. */
export interface ArticleVersionText extends ArticleVersion {
  article: Article;
}

/** Whether `key` names a version of the article `id`. */
export function isVersionOf(key: string, id: string): boolean {
  return versionKeyPattern.test(key) && key.startsWith(`${versionPrefix}${id}`);
}

/** The versions of one article: a range that holds nothing else. */
export function versionsFilter(pk: string, id: string): string {
  return `PartitionKey eq '${pk}' and RowKey gt '${versionPrefix}${id}' and RowKey lt '${versionPrefix}${id}~'`;
}

/** What a history list reads of each version: not its text. */
export const versionListColumns = ['RowKey', 'title', 'editorId', 'editorName', 'updatedAt', 'replacedById', 'replacedByName', 'replacedAt'];

/** The row that keeps `replaced` (as it was read) when `by` saves a newer version at `at`. */
export function versionEntity(pk: string, replaced: Article, rev: string, by: { id: string; name: string }, at: string) {
  const row = bodyEntity(pk, replaced, rev);
  const key = `${versionPrefix}${replaced.id}${inverted(Date.parse(replaced.updatedAt))}${randomBytes(2).toString('hex')}`;
  return { ...row, rowKey: key, id: replaced.id, replacedById: by.id, replacedByName: by.name, replacedAt: at };
}

type Row = Record<string, unknown> & { rowKey?: string };

export function versionOf(row: Row): ArticleVersion {
  return {
    key: row.rowKey ?? '',
    title: textColumn(row, 'title'),
    editorId: String(row.editorId ?? ''),
    editorName: textColumn(row, 'editorName'),
    savedAt: textColumn(row, 'updatedAt'),
    replacedById: String(row.replacedById ?? ''),
    replacedByName: textColumn(row, 'replacedByName'),
    replacedAt: textColumn(row, 'replacedAt'),
  };
}

export function versionTextOf(row: Row): ArticleVersionText {
  return { ...versionOf(row), article: articleOf({ ...row, rowKey: textColumn(row, 'id') }) };
}

/** Deletes every version of the article `id` (its history goes with it for good). */
export async function dropVersions(client: TableClient, pk: string, id: string): Promise<void> {
  const versions = await readRows(client, 'read article versions', versionsFilter(pk, id), { select: ['RowKey'] });
  for (let from = 0; from < versions.length; from += 100) {
    await transact(client, 'delete article versions', versions.slice(from, from + 100).map((row) => deleteAction(pk, row.rowKey ?? '')));
  }
}

/** An article's history without the versions' text, newest first (at most `keptVersions` and a few). */
export async function readHistory(client: TableClient, pk: string, id: string): Promise<ArticleVersion[]> {
  return (await readRows(client, 'read article history', versionsFilter(pk, id), { limit: keptVersions + dropAtOnce, select: versionListColumns })).map(versionOf);
}

/**
 * What a save of `article` does to its history, which gains the version it replaces: how many versions it
 * keeps then, and the deletes of the oldest beyond `keptVersions`. `known`, the count the article carries,
 * spares reading the versions' keys unless one has to go (or it is not known: an article from before history
 * existed, or a save trying again).
 */
export async function historyAfterSave(client: TableClient, pk: string, id: string, known: number | undefined): Promise<{ versionCount: number; drops: TransactionAction[] }> {
  if (known !== undefined && known < keptVersions) return { versionCount: known + 1, drops: [] };
  const kept = await readRows(client, 'read article versions', versionsFilter(pk, id), { limit: keptVersions + dropAtOnce, select: ['RowKey'] });
  const dropped = kept.slice(keptVersions - 1);
  return { versionCount: kept.length - dropped.length + 1, drops: dropped.map((row) => deleteAction(pk, row.rowKey ?? '')) };
}

/** What deleting one version for good did: `gone` when the version went meanwhile, `changed` when the article did. */
export type VersionEraseStep = 'erased' | 'gone' | 'changed';

/**
 * Deletes the version `key` of `article` (as read, at `etag`) for good, and counts it off the versions the
 * article carries, in one transaction: the count a save relies on, and the history the article's page names,
 * stay right.
 */
export async function eraseVersion(client: TableClient, pk: string, article: Article, etag: string, key: string): Promise<VersionEraseStep> {
  const count = article.versionCount;
  const outcome = await transact(client, 'delete article version', [
    ['update', { partitionKey: pk, rowKey: article.id, ...(count !== undefined ? { versionCount: Math.max(count - 1, 0) } : {}) }, 'Merge', { etag }],
    deleteAction(pk, key),
  ]);
  if (outcome.ok) return 'erased';
  return outcome.index === 1 ? 'gone' : 'changed';
}
