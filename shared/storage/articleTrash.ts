import type { TableClient } from '@azure/data-tables';
import type { Article } from './articleStore';
import { articleIdPattern, articleOf, bodyEntity, inverted } from './articleRows';
import { dropAtOnce, keptVersions, versionsFilter } from './articleVersions';
import { deleteAction, readRows, transact } from './partitionRows';

/*
 * A chat's trash: a deleted article moves, in the transaction that deletes it, to row
 * `t<inverted deletion time><article id>` of the chat's partition, with its whole text and who deleted it,
 * when. Its versions stay where they are (`v<id>…`), so it comes back with its history. Newest deletion first;
 * the expired (older than the retention) sort last, from one key on, so they are found with one range read.
 */

const trashPrefix = 't';
/** How long a deleted article stays in its chat's trash before it is purged, with its history. */
export const trashRetentionDays = 30;
export const trashRetentionMs = trashRetentionDays * 86_400_000;
/** The most articles a chat's trash holds: more deletions push the oldest out early. */
export const maxTrashEntries = 1000;
/** What one request purges from a trash at most (expired entries, or the oldest beyond the limit), with their versions. */
const purgeAtOnce = 5;

export const trashKeyPattern = /^t\d{13}\d{13}[0-9a-f]{8}$/;

/** One article in the trash, as the trash lists it (without its text). */
export interface TrashEntry {
  /** its row key, which names it */
  key: string;
  id: string;
  title: string;
  authorId: string;
  authorName: string;
  deletedById: string;
  deletedByName: string;
  deletedAt: string;
  /** when it is purged */
  keptUntil: string;
}

export function trashRowKey(deletedAtMs: number, id: string): string {
  return `${trashPrefix}${inverted(deletedAtMs)}${id}`;
}

/** The article a trash key names. */
export function trashedId(key: string): string {
  return key.slice(1 + 13);
}

/** When the entry of this key was deleted (unix ms), from the key alone. */
function deletedAtOf(key: string): number {
  return 9_999_999_999_999 - Number(key.slice(1, 14));
}

export function isExpired(key: string, nowMs: number, retentionMs: number): boolean {
  return deletedAtOf(key) < nowMs - retentionMs;
}

export const trashFilters = {
  /** every entry, newest deletion first */
  all: (pk: string) => `PartitionKey eq '${pk}' and RowKey gt '${trashPrefix}' and RowKey lt 'u'`,
  after: (pk: string, key: string) => `PartitionKey eq '${pk}' and RowKey gt '${key}' and RowKey lt 'u'`,
};

/** What a trash page reads of each entry: not its text. */
export const trashListColumns = ['RowKey', 'id', 'title', 'authorId', 'authorName', 'deletedById', 'deletedByName', 'deletedAt'];

export function trashEntity(pk: string, article: Article, rev: string, by: { id: string; name: string }, deletedAtMs: number) {
  const row = bodyEntity(pk, article, rev);
  return { ...row, rowKey: trashRowKey(deletedAtMs, article.id), id: article.id, deletedById: by.id, deletedByName: by.name, deletedAt: new Date(deletedAtMs).toISOString() };
}

type Row = Record<string, unknown> & { rowKey?: string };

const text = (row: Row, column: string): string => (typeof row[column] === 'string' ? (row[column] as string) : '');

export function trashEntryOf(row: Row, retentionMs: number): TrashEntry {
  const key = row.rowKey ?? '';
  return {
    key,
    id: text(row, 'id'),
    title: text(row, 'title'),
    authorId: String(row.authorId ?? ''),
    authorName: text(row, 'authorName'),
    deletedById: String(row.deletedById ?? ''),
    deletedByName: text(row, 'deletedByName'),
    deletedAt: text(row, 'deletedAt'),
    keptUntil: new Date(deletedAtOf(key) + retentionMs).toISOString(),
  };
}

/** The article a trash row holds, as it was when it was deleted; null when the row is not one. */
export function trashedArticleOf(row: Row): Article | null {
  const id = text(row, 'id');
  return articleIdPattern.test(id) && trashedId(row.rowKey ?? '') === id ? articleOf({ ...row, rowKey: id }) : null;
}

/** Deletes the trash entry `key` and the versions of its article, in one transaction: nothing when it went meanwhile. */
export async function purgeTrashEntry(client: TableClient, pk: string, key: string): Promise<void> {
  const versions = await readRows(client, 'read trashed article versions', versionsFilter(pk, trashedId(key)), { limit: keptVersions + dropAtOnce, select: ['RowKey'] });
  // Failing on the entry itself (restored or purged meanwhile) takes none of the versions with it.
  await transact(client, 'purge trash entry', [deleteAction(pk, key), ...versions.map((row) => deleteAction(pk, row.rowKey ?? ''))]);
}

/**
 * Purges, oldest first and a few per request, the trash entries that expired and those beyond the trash's
 * limit (less `room`, for entries being added meanwhile). The keys alone tell both (they carry the deletion
 * time and sort newest first).
 */
export async function purgeTrash(client: TableClient, pk: string, nowMs: number, retentionMs: number, room = 0): Promise<void> {
  const keys = (await readRows(client, 'read chat trash keys', trashFilters.all(pk), { limit: maxTrashEntries + purgeAtOnce, select: ['RowKey'] })).map((row) => row.rowKey ?? '');
  const doomed = keys.filter((key, index) => index >= maxTrashEntries - room || isExpired(key, nowMs, retentionMs)).reverse().slice(0, purgeAtOnce);
  for (const key of doomed) await purgeTrashEntry(client, pk, key);
}
