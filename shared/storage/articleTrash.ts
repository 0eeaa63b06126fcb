import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { Article } from './articleStore';
import { articleIdPattern, articleOf, bodyEntity, headRowKey, inverted, textColumn, trashColumns, type ChatHead, type TrashTally } from './articleRows';
import { dropAtOnce, dropVersions, keptVersions, versionsFilter } from './articleVersions';
import { deleteAction, readRows, transact, type TransactionOutcome } from './partitionRows';
import { readOrNull } from './tableStorage';

/*
 * A chat's trash: a deleted article moves, in the transaction that deletes it, to row
 * `t<inverted deletion time><article id>` of the chat's partition, with its whole text and who deleted it,
 * when. Its versions stay where they are (`v<id>…`), so it comes back with its history. Newest deletion first;
 * the expired (older than the retention) sort last. The chat's head keeps a tally of the trash (how many
 * entries, when the oldest was deleted), written with every delete, restore and purge, so that the head
 * (which every open reads anyway) tells when something is due to go, and nothing else is read until then.
 */

const trashPrefix = 't';
/** How long a deleted article stays in its chat's trash before it is purged, with its history. */
export const trashRetentionDays = 30;
export const trashRetentionMs = trashRetentionDays * 86_400_000;
/** The most articles a chat's trash holds: more deletions push the oldest out early. */
export const maxTrashEntries = 1000;
/**
 * What one "Empty trash" deletes at most (each entry with its versions, a transaction each): about 200 storage
 * round trips (a versions read and the transaction), so the request stays short; the
 * trash then shows what is left, with its button again.
 */
export const emptyAtOnce = 100;
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
  /** the entry `key` and every one deleted before it */
  from: (pk: string, key: string) => `PartitionKey eq '${pk}' and RowKey ge '${key}' and RowKey lt 'u'`,
};

/** What a trash page reads of each entry: not its text. */
export const trashListColumns = ['RowKey', 'id', 'title', 'authorId', 'authorName', 'deletedById', 'deletedByName', 'deletedAt'];

export function trashEntity(pk: string, article: Article, rev: string, by: { id: string; name: string }, deletedAtMs: number) {
  const row = bodyEntity(pk, article, rev);
  return { ...row, rowKey: trashRowKey(deletedAtMs, article.id), id: article.id, deletedById: by.id, deletedByName: by.name, deletedAt: new Date(deletedAtMs).toISOString() };
}

type Row = Record<string, unknown> & { rowKey?: string };

export function trashEntryOf(row: Row, retentionMs: number): TrashEntry {
  const key = row.rowKey ?? '';
  return {
    key,
    id: textColumn(row, 'id'),
    title: textColumn(row, 'title'),
    authorId: String(row.authorId ?? ''),
    authorName: textColumn(row, 'authorName'),
    deletedById: String(row.deletedById ?? ''),
    deletedByName: textColumn(row, 'deletedByName'),
    deletedAt: textColumn(row, 'deletedAt'),
    keptUntil: new Date(deletedAtOf(key) + retentionMs).toISOString(),
  };
}

/** The article a trash row holds, as it was when it was deleted; null when the row is not one. */
export function trashedArticleOf(row: Row): Article | null {
  const id = textColumn(row, 'id');
  return articleIdPattern.test(id) && trashedId(row.rowKey ?? '') === id ? articleOf({ ...row, rowKey: id }) : null;
}

/** The tally after a delete adds an entry at `deletedAtMs` (unknown stays unknown: the next purge counts). */
export function trashAdded(tally: TrashTally | undefined, deletedAtMs: number): TrashTally | undefined {
  if (!tally) return undefined;
  return { count: tally.count + 1, oldestAt: tally.count > 0 ? Math.min(tally.oldestAt, deletedAtMs) : deletedAtMs };
}

/**
 * The tally after a restore takes an entry out. The oldest entry's time stays: when the restored one was the
 * oldest, it is early, and the purge it makes due finds nothing expired and sets it right.
 */
export function trashTaken(tally: TrashTally | undefined): TrashTally | undefined {
  if (!tally) return undefined;
  const count = Math.max(tally.count - 1, 0);
  return { count, oldestAt: count > 0 ? tally.oldestAt : 0 };
}

/** One page of a chat's trash. */
export interface TrashPage {
  entries: TrashEntry[];
  more: boolean;
}

/** Entries of the trash per page. */
const trashPageSize = 50;

/** A page of the trash, newest deletion first, after the entry `after` (ignored unless a trash key); what expired is not shown. */
export async function readTrashPage(client: TableClient, pk: string, after: string | undefined, nowMs: number, retentionMs: number): Promise<TrashPage> {
  const from = after !== undefined && trashKeyPattern.test(after) ? after : undefined;
  const rows = await readRows(client, 'read chat trash', from ? trashFilters.after(pk, from) : trashFilters.all(pk), { limit: trashPageSize + 1, select: trashListColumns });
  // Expired entries sort last: once one is, the rest are too.
  const shown = rows.filter((row) => !isExpired(row.rowKey ?? '', nowMs, retentionMs));
  return { entries: shown.slice(0, trashPageSize).map((row) => trashEntryOf(row, retentionMs)), more: shown.length > trashPageSize };
}

/** Whether the chat's trash, as its head tells it, has entries to purge (or is not counted yet). */
export function trashDue(tally: TrashTally | undefined, nowMs: number, retentionMs: number): boolean {
  return !tally || tally.count > maxTrashEntries || (tally.count > 0 && tally.oldestAt < nowMs - retentionMs);
}

/** The tally of the trash whose keys (newest first) are `keys`; `more`: there are others beyond them. */
function tallyOf(keys: string[], more: boolean): TrashTally {
  const oldest = keys[keys.length - 1];
  // Beyond what was read, the count is not known: over the limit, so that the next use purges again.
  return { count: keys.length + (more ? 1 : 0), oldestAt: oldest ? deletedAtOf(oldest) : 0 };
}

/** Whether two tallies say the same. */
const sameTally = (a: TrashTally | undefined, b: TrashTally) => a?.count === b.count && a.oldestAt === b.oldestAt;

/** The head's tally, changed only if the head is as `etag` says: Merge leaves every other column of it as it is. */
const tallyUpdate = (pk: string, tally: TrashTally | undefined, etag: string): TransactionAction => ['update', { partitionKey: pk, rowKey: headRowKey, ...trashColumns(tally) }, 'Merge', { etag }];

/**
 * Deletes the trash entry `key` and the versions of its article, in one transaction (with `also`): nothing
 * when it went meanwhile. `versionsBeyond`: the article had more versions than one transaction takes (saves
 * never leave that many), which are still there.
 */
async function purgeEntry(client: TableClient, pk: string, key: string, also: TransactionAction[] = []): Promise<{ outcome: TransactionOutcome; versionsBeyond: boolean }> {
  const limit = keptVersions + dropAtOnce;
  const versions = await readRows(client, 'read trashed article versions', versionsFilter(pk, trashedId(key)), { limit, select: ['RowKey'] });
  // Failing on the entry itself (restored or purged meanwhile) takes none of the versions with it.
  const outcome = await transact(client, 'purge trash entry', [...also, deleteAction(pk, key), ...versions.map((row) => deleteAction(pk, row.rowKey ?? ''))]);
  return { outcome, versionsBeyond: versions.length === limit };
}

/**
 * Purges, oldest first and a few per call, the trash entries that expired and those beyond the trash's
 * limit, when the head's tally says some are due (or does not count the trash yet): else it reads nothing.
 * The keys alone tell which (they carry the deletion time and sort newest first). Every purge writes the
 * tally of what is left into the head, checked against the head as read: a write to the chat meanwhile
 * stops it (the next use of the chat goes on), and a tally that drifted is set right by the next purge.
 */
export async function purgeTrash(client: TableClient, pk: string, head: ChatHead, nowMs: number, retentionMs: number): Promise<void> {
  if (!trashDue(head.trash, nowMs, retentionMs)) return;
  const limit = maxTrashEntries + purgeAtOnce;
  const keys = (await readRows(client, 'read chat trash keys', trashFilters.all(pk), { limit, select: ['RowKey'] })).map((row) => row.rowKey ?? '');
  const more = keys.length === limit;
  const doomed = keys.filter((key, index) => index >= maxTrashEntries || isExpired(key, nowMs, retentionMs)).reverse().slice(0, purgeAtOnce);
  let etag = head.etag;
  let left = keys;
  if (doomed.length === 0) {
    const tally = tallyOf(left, more);
    if (!sameTally(head.trash, tally)) await transact(client, 'count chat trash', [tallyUpdate(pk, tally, etag)]);
    return;
  }
  for (const key of doomed) {
    left = left.filter((other) => other !== key);
    const { outcome } = await purgeEntry(client, pk, key, [tallyUpdate(pk, tallyOf(left, more), etag)]);
    if (!outcome.ok) return;
    etag = outcome.etags[0] ?? '';
  }
}

/** What a trash entry holds: the entry as the trash lists it, and the article as it was when it was deleted. */
export interface TrashedArticle {
  entry: TrashEntry;
  article: Article;
}

/** The trash entry `key` with its whole text; null when there is none (any more) or it expired. */
export async function readTrashed(client: TableClient, pk: string, key: string, nowMs: number, retentionMs: number): Promise<TrashedArticle | null> {
  if (!trashKeyPattern.test(key) || isExpired(key, nowMs, retentionMs)) return null;
  const row = await readOrNull('read trash entry', () => client.getEntity<Record<string, unknown>>(pk, key));
  const article = row ? trashedArticleOf(row) : null;
  return row && article ? { entry: trashEntryOf(row, retentionMs), article } : null;
}

/**
 * What deleting a trash entry for good did: `erased` (with the head as written), `gone` (restored, purged or
 * erased meanwhile), or `changed` (a write to the chat came between: read the head again and retry).
 */
export type EraseStep = { state: 'erased'; head: ChatHead } | { state: 'gone' } | { state: 'changed' };

/**
 * Deletes the trash entry `key` for good, with every version of its article, and takes it off the head's
 * tally, in one transaction checked against `head` as read. Versions beyond what one transaction holds (none,
 * as saves keep them) go after it, once nothing can restore the article any more.
 */
export async function eraseTrashEntry(client: TableClient, pk: string, key: string, head: ChatHead): Promise<EraseStep> {
  const tally = trashTaken(head.trash);
  // A head that does not count the trash yet is only checked: the next purge counts it.
  const { outcome, versionsBeyond } = await purgeEntry(client, pk, key, [tallyUpdate(pk, tally, head.etag)]);
  if (outcome.ok) {
    if (versionsBeyond) await dropVersions(client, pk, trashedId(key));
    return { state: 'erased', head: { ...head, ...(tally ? { trash: tally } : {}), etag: outcome.etags[0] ?? '' } };
  }
  // The entry itself is gone; else the head changed, or a version went meanwhile.
  return outcome.index === 1 ? { state: 'gone' } : { state: 'changed' };
}

/**
 * Purges whatever the trash holds of the article `id` (a delete that came between its erasing and now). The
 * head's tally is left as it was: one too many sets itself right at the next purge it makes due.
 */
export async function purgeTrashOf(client: TableClient, pk: string, id: string): Promise<void> {
  const trashed = await readRows(client, 'look for an article in the trash', `${trashFilters.all(pk)} and id eq '${id}'`, { select: ['RowKey'] });
  for (const row of trashed) await purgeEntry(client, pk, row.rowKey ?? '');
}
