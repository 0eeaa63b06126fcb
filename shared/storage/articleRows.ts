import { createHash, randomBytes } from 'node:crypto';
import type { TransactionAction } from '@azure/data-tables';
import { markdownPlainText } from '../markdown/markdownPlainText';
import type { Article, ArticleSummary, ChatRef } from './articleStore';
import { excerptOf } from './excerptOf';
import { foldForSearch } from './foldForSearch';

/*
 * One chat is one partition (`<memberId>_<chatId>`). Its rows, by row key:
 * - `<id>` (13 digits and 8 hex digits, so before any letter): an article with its whole text. Chats written
 *   before the index existed have only these rows, in exactly this shape;
 * - `r`: the chat's edit mark, rewritten by every edit of an article (search compares it, with the head);
 * - `s`: the chat's head: how many articles it has and the index's state, rewritten by every create and delete
 *   (which check it, for the count), never by an edit, so that edits cannot crowd out creates and deletes;
 * - `s<cursor>`: one summary per article (title, excerpt, who and when, and the title and text folded for
 *   search) at the article's place in the list, newest change first, so a page of the list is one range read
 *   that never touches a body, and search reads the summaries alone;
 * - `t<deleted time><id>`: an article in the chat's trash (articleTrash.ts), newest deletion first;
 * - `v<id><save time><random>`: an earlier version of an article (articleVersions.ts), newest first.
 * Those two come after `s:`, outside every range the list, search and the index read.
 * An article's body row, its summary and the head (or the edit mark) change together, in one transaction.
 */

export const editMarkRowKey = 'r';
export const headRowKey = 's';
const maxTimestamp = 9_999_999_999_999;

export const articleIdPattern = /^\d{13}[0-9a-f]{8}$/;
/** A page's continuation: an article's place in the list (inverted change time, then its id). */
export const cursorPattern = /^\d{13}\d{13}[0-9a-f]{8}$/;
export const cursorLength = 34;

export function partitionKey(chat: ChatRef): string {
  return `${chat.memberId}_${chat.chatId}`;
}

/** Row keys sort newest first (an inverted creation time), so ids are unique and in creation order. */
export function newArticleId(nowMs: number): string {
  return `${inverted(nowMs)}${randomBytes(4).toString('hex')}`;
}

/** A time as 13 digits that sort newest first (unix ms subtracted from the largest), for row keys. */
export function inverted(ms: number): string {
  const clamped = Number.isFinite(ms) ? Math.min(Math.max(Math.trunc(ms), 0), maxTimestamp) : 0;
  return String(maxTimestamp - clamped).padStart(13, '0');
}

/** Newest change first, then newest article first: the order the list has always had. */
export function cursorOf(article: Pick<Article, 'id' | 'updatedAt'>): string {
  return `${inverted(Date.parse(article.updatedAt))}${article.id}`;
}

export function summaryRowKey(cursor: string): string {
  return `${headRowKey}${cursor}`;
}

/** Which write of an article a row shows: new with every write; body row and summary carry the same. */
export function newRevision(): string {
  return randomBytes(6).toString('base64url');
}

/** New with every write to the chat: what an instance compares to know that what it keeps is current. */
export function newVersion(): string {
  return randomBytes(9).toString('base64url');
}

export const filters = {
  /** the edit mark and the head: what a search checks its kept index against */
  marks: (pk: string) => `PartitionKey eq '${pk}' and RowKey ge '${editMarkRowKey}' and RowKey le '${headRowKey}'`,
  /** the head and the summaries after it: the first page of the list */
  firstPage: (pk: string) => `PartitionKey eq '${pk}' and RowKey ge '${headRowKey}' and RowKey lt 's:'`,
  pageAfter: (pk: string, cursor: string) => `PartitionKey eq '${pk}' and RowKey gt '${summaryRowKey(cursor)}' and RowKey lt 's:'`,
  summaries: (pk: string) => `PartitionKey eq '${pk}' and RowKey gt '${headRowKey}' and RowKey lt 's:'`,
  /** the article rows with their whole text: keys of digits only */
  bodies: (pk: string) => `PartitionKey eq '${pk}' and RowKey lt ':'`,
  /** article rows, the head and the summaries: all a chat index is made of */
  everyArticleRow: (pk: string) => `PartitionKey eq '${pk}' and RowKey lt 's:'`,
};

/**
 * Table Storage keeps at most 64 KiB (32,768 UTF-16 units) in one string column, fewer than 20,000
 * characters of emoji or other astral text need. The body is stored in columns `body`, `body1`, `body2` of
 * at most 30,000 units each, never splitting a surrogate pair; its folded text (at most 1.25 times as long,
 * plus 64) in `fold`, `fold1`, `fold2`.
 */
const columnUnits = 30_000;
const bodyColumns = ['body', 'body1', 'body2'] as const;
const foldColumns = ['fold', 'fold1', 'fold2'] as const;

export function splitBody(body: string): Record<string, string> {
  return splitColumns(body, bodyColumns);
}

function splitColumns(text: string, names: readonly string[]): Record<string, string> {
  const columns: Record<string, string> = {};
  let rest = text;
  for (const column of names) {
    let end = Math.min(rest.length, columnUnits);
    const code = rest.charCodeAt(end - 1);
    if (end < rest.length && code >= 0xd800 && code <= 0xdbff) end--;
    columns[column] = rest.slice(0, end);
    rest = rest.slice(end);
  }
  return columns;
}

type Row = Record<string, unknown>;

/** A row's text column, or '' when it holds none. */
export const textColumn = (row: Row, column: string): string => (typeof row[column] === 'string' ? (row[column] as string) : '');

function joinColumns(row: Row, names: readonly string[]): string {
  return names.map((column) => textColumn(row, column)).join('');
}

/** Who wrote and changed an article and when, as both its rows keep it. */
function people(row: Row): Omit<Article, 'id' | 'title' | 'body'> {
  const authorId = String(row.authorId ?? '');
  const authorName = textColumn(row, 'authorName');
  return {
    authorId,
    authorName,
    editorId: row.editorId === undefined ? authorId : String(row.editorId),
    editorName: typeof row.editorName === 'string' ? row.editorName : authorName,
    createdAt: textColumn(row, 'createdAt'),
    updatedAt: textColumn(row, 'updatedAt'),
  };
}

export function articleOf(row: Row & { rowKey?: string }): Article {
  const versions = typeof row.versionCount === 'number' ? { versionCount: row.versionCount } : {};
  return { id: row.rowKey ?? '', title: textColumn(row, 'title'), body: joinColumns(row, bodyColumns), ...people(row), ...formatAndSource(row), ...versions };
}

/** An article's format and the message it came from, as columns (rows keep no nested values). */
export function formatAndSourceColumns(article: Pick<Article, 'format' | 'source'>): Record<string, string | number> {
  const { format, source } = article;
  return {
    ...(format ? { format } : {}),
    ...(source
      ? { sourceMessageId: source.messageId, sourceAuthorId: source.authorId, sourceAuthorName: source.authorName, sourceDate: source.date }
      : {}),
  };
}

/** The format (absent on rows from before formatting) and the source (absent unless saved from a message). */
export function formatAndSource(row: Row): Pick<Article, 'format' | 'source'> {
  const format = row.format === 'markdown' || row.format === 'text' ? row.format : undefined;
  const source =
    typeof row.sourceMessageId === 'string'
      ? { messageId: row.sourceMessageId, authorId: Number(row.sourceAuthorId ?? 0) || 0, authorName: textColumn(row, 'sourceAuthorName'), date: textColumn(row, 'sourceDate') }
      : undefined;
  return { ...(format ? { format } : {}), ...(source ? { source } : {}) };
}

/** An article row's revision; rows from before the index have none, and their change time stands in. */
export function revisionOf(row: Row): string {
  return typeof row.rev === 'string' ? row.rev : `legacy:${textColumn(row, 'updatedAt')}`;
}

export function bodyEntity(pk: string, article: Article, rev: string) {
  const { id, body, format, source, ...rest } = article;
  return { partitionKey: pk, rowKey: id, ...rest, ...formatAndSourceColumns({ format, source }), ...splitBody(body), rev };
}

let foldVersionOnce: string | undefined;

/**
 * Which fold made a summary's folded text: the platform's Unicode version and a digest of the fold of a text
 * that touches every rule of it, so a change to folding (or a Node.js with another Unicode) makes summaries
 * folded before it outdated without anyone remembering to say so; an outdated summary is folded again.
 */
export function foldVersion(): string {
  const sample = `Straße ẞ İı ΐ ﬁ ＡＢＣ Ёё ΟΔΟΣ ﾊﾞ e\u0301\u0323 x${'\u0301\uff9e\u0344'.repeat(20)} ${'ß'.repeat(200)} ${'\ufdfa'.repeat(300)} ${'a'.repeat(400)}`;
  foldVersionOnce ??= `${process.versions.unicode}:${createHash('sha256').update(foldForSearch(sample)).digest('base64url').slice(0, 12)}`;
  return foldVersionOnce;
}

/**
 * What a reader sees of an article's text, for its excerpt and for search: a Markdown article's words without
 * the marks (no `**`, no link addresses: search finds what the page shows), a plain-text article as it is.
 */
export function readerText(article: Pick<Article, 'body' | 'format'>): string {
  return article.format === 'markdown' ? markdownPlainText(article.body) : article.body;
}

export function summaryEntity(pk: string, article: Article, rev: string) {
  const { id, title, authorId, authorName, editorId, editorName, createdAt, updatedAt } = article;
  const text = readerText(article);
  const excerpt = excerptOf(text);
  const folded = { foldTitle: foldForSearch(title), ...splitColumns(foldForSearch(text), foldColumns), foldedBy: foldVersion() };
  return { partitionKey: pk, rowKey: summaryRowKey(cursorOf(article)), id, title, excerpt, authorId, authorName, editorId, editorName, createdAt, updatedAt, rev, ...folded };
}

/** The columns a page of the list reads: the head's and the summaries', without the folded text. */
export const listColumns = ['RowKey', 'count', 'version', 'state', 'leaseUntil', 'owner', 'trashCount', 'trashOldestAt', 'id', 'title', 'excerpt', 'authorId', 'authorName', 'editorId', 'editorName', 'createdAt', 'updatedAt', 'rev'];

/** A summary's folded title and text, or null when it has none or one made by another fold. */
export function foldedOf(row: Row): { title: string; body: string } | null {
  if (row.foldedBy !== foldVersion()) return null;
  return { title: textColumn(row, 'foldTitle'), body: joinColumns(row, foldColumns) };
}

export function summaryOf(row: Row & { rowKey?: string }): ArticleSummary {
  return {
    id: textColumn(row, 'id'),
    title: textColumn(row, 'title'),
    excerpt: textColumn(row, 'excerpt'),
    ...people(row),
    cursor: (row.rowKey ?? '').slice(headRowKey.length),
  };
}

/**
 * What a chat's trash holds, kept in its head by every write that changes the trash (articleTrash.ts), so
 * that the head, read anyway, tells when something in the trash is due to go.
 */
export interface TrashTally {
  count: number;
  /** unix ms: when its oldest entry was deleted; 0 when it is empty */
  oldestAt: number;
}

/** An empty trash: a chat's first head, and a chat from before the index (the trash came after it). */
export const emptyTrash: TrashTally = { count: 0, oldestAt: 0 };

/** The chat's head row. `migrating`: an instance is building the index of a chat from before it existed. */
export interface ChatHead {
  count: number;
  version: string;
  state: 'ready' | 'migrating';
  /** unix milliseconds: until when the migrating instance holds the chat */
  leaseUntil: number;
  /** which instance holds it */
  owner: string;
  /** absent: not known (a head written before the tally existed, or by an instance of an earlier version) */
  trash?: TrashTally;
  etag: string;
}

export function headOf(row: Row & { etag?: string }): ChatHead {
  return {
    count: typeof row.count === 'number' ? row.count : 0,
    version: `${textColumn(row, 'version')}|${row.etag ?? ''}`,
    state: row.state === 'migrating' ? 'migrating' : 'ready',
    leaseUntil: typeof row.leaseUntil === 'number' ? row.leaseUntil : 0,
    owner: textColumn(row, 'owner'),
    ...(typeof row.trashCount === 'number' && typeof row.trashOldestAt === 'number' ? { trash: { count: row.trashCount, oldestAt: row.trashOldestAt } } : {}),
    etag: row.etag ?? '',
  };
}

/** The trash tally as head columns (Merge them into a head to change only the tally). */
export function trashColumns(trash: TrashTally | undefined): { trashCount?: number; trashOldestAt?: number } {
  return trash ? { trashCount: trash.count, trashOldestAt: trash.oldestAt } : {};
}

export function headEntity(pk: string, fields: { count: number; state: ChatHead['state']; leaseUntil?: number; owner?: string; trash?: TrashTally }) {
  const { count, state, leaseUntil = 0, owner = '', trash } = fields;
  return { partitionKey: pk, rowKey: headRowKey, count, state, leaseUntil, owner, version: newVersion(), ...trashColumns(trash) };
}

/** The head's write in a transaction: checked against the head as read, or created when there was none. */
export function headWrite(pk: string, head: ChatHead | null, count: number, trash: TrashTally | undefined): TransactionAction {
  const next = headEntity(pk, { count, state: 'ready', trash });
  return head ? ['update', next, 'Replace', { etag: head.etag }] : ['create', next];
}

/** Adds `article` to the list (its row and summary, and the head counting it), with `also`, in one transaction's actions. */
export function addition(pk: string, head: ChatHead | null, article: Article, trash: TrashTally | undefined, also: TransactionAction[] = []): TransactionAction[] {
  const rev = newRevision();
  return [headWrite(pk, head, (head?.count ?? 0) + 1, trash), ['create', bodyEntity(pk, article, rev)], ['create', summaryEntity(pk, article, rev)], ...also];
}
