import { getHeapStatistics } from 'node:v8';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { AppError } from '../errors';
import {
  articleIdPattern,
  articleOf,
  bodyEntity,
  cursorOf,
  cursorPattern,
  editMarkRowKey,
  filters,
  addition,
  headOf,
  headRowKey,
  headWrite,
  listColumns,
  newArticleId,
  newRevision,
  partitionKey,
  revisionOf,
  summaryEntity,
  summaryOf,
  summaryRowKey,
  emptyTrash,
  type ChatHead,
} from './articleRows';
import { defaultIndexBuildTiming, readChatHead, readyChatHead, repairChatIndex, type IndexBuildTiming } from './chatHead';
import {
  eraseTrashEntry,
  isExpired,
  maxTrashEntries,
  emptyAtOnce,
  purgeTrash,
  purgeTrashOf,
  readTrashed,
  readTrashPage,
  trashAdded,
  trashFilters,
  trashEntity,
  trashedArticleOf,
  trashKeyPattern,
  trashRetentionMs,
  trashTaken,
  type TrashedArticle,
  type TrashPage,
} from './articleTrash';
import { dropVersions, eraseVersion, historyAfterSave, isVersionOf, readHistory, versionEntity, versionTextOf, type ArticleVersion, type ArticleVersionText } from './articleVersions';
import { ChatSearchCache } from './ChatSearchCache';
import { deletePortalRows } from './deletePortalRows';
import { LoadGate, type LoadLimits } from './LoadGate';
import { deleteAction, readRows, transact, type Row } from './partitionRows';
import { loadSearchIndex, searchIn, type IndexSource } from './searchIndex';
import { searchQueryOf } from './searchQuery';
import { EtagMismatchError, readOrNull, type Tables } from './tableStorage';
import { createLogger, type Logger } from '../logger';

export { articleIdPattern, cursorLength, cursorPattern, splitBody } from './articleRows';
export { keptVersions, type ArticleVersion, type ArticleVersionText } from './articleVersions';
export { maxTrashEntries, trashKeyPattern, trashRetentionDays, type TrashedArticle, type TrashEntry, type TrashPage } from './articleTrash';

/**
 * How an article's text is written: `markdown`, the articles' safe subset (shared/markdown), or `text`, plain
 * text with its http(s) links clickable, as every article was before formatting existed (those keep it until
 * someone chooses formatting for them: their `*`, `_` and `#` were never meant as marks).
 */
export type ArticleFormat = 'markdown' | 'text';

/** The chat message an article was saved from (its menu's "Save to knowledge base"), as the portal showed it. */
export interface ArticleSource {
  messageId: string;
  /** 0 for a system message */
  authorId: number;
  authorName: string;
  /** ISO 8601, as the portal gave it */
  date: string;
}

/** One knowledge-base article of one chat. Text is stored exactly as written; it is only ever shown as text. */
export interface Article {
  id: string;
  title: string;
  body: string;
  /** absent: `text` (articles stored before formatting existed) */
  format?: ArticleFormat;
  source?: ArticleSource;
  /** how many earlier versions its history keeps; absent on articles stored before history existed */
  versionCount?: number;
  authorId: string;
  authorName: string;
  editorId: string;
  editorName: string;
  /** ISO timestamps */
  createdAt: string;
  updatedAt: string;
}

/** An article's format, with `text` for articles stored before formatting existed. */
export function formatOf(article: Pick<Article, 'format'>): ArticleFormat {
  return article.format === 'markdown' ? 'markdown' : 'text';
}

export interface StoredArticle {
  article: Article;
  etag: string;
}

export type ArticleDraft = Omit<Article, 'id'>;

/** Where a chat's articles live: its portal and its numeric chat id (both sides of a 1:1 dialog share it). */
export interface ChatRef {
  memberId: string;
  chatId: number;
}

/** What the list shows of an article, kept in the chat's index apart from its text. */
export interface ArticleSummary extends Omit<Article, 'body'> {
  /** the start of the text on one line (excerptOf) */
  excerpt: string;
  /** the article's place in the list: the next page continues after it */
  cursor: string;
}

/** One page of a chat's list or of a search's results, newest change first. */
export interface ArticlePage {
  articles: ArticleSummary[];
  /** how many articles the chat has */
  total: number;
  /** a search: how many articles match */
  found?: number;
  /** more follow the last one shown */
  more: boolean;
}

export interface PageRequest {
  /** the cursor of the last article of the previous page */
  after?: string;
  size?: number;
}

/** Who did something to an article: a portal user id and their name. */
export interface Person {
  id: string;
  name: string;
}

export class ArticleLimitError extends Error {
  constructor(readonly count: number) {
    super(`the chat already has ${count} articles`);
    this.name = 'ArticleLimitError';
  }
}

export interface ArticleStore {
  /**
   * A page of the chat's articles: one range read of the head and the summaries, never an article's text. The
   * first page also purges what is due from the chat's trash, a few entries at a time: only when the head says
   * something is due does it read or write anything more.
   */
  page(chat: ChatRef, request?: PageRequest): Promise<ArticlePage>;
  /**
   * A page of the articles whose title or text holds every word of the query (see searchQuery), in list order. One read
   * of the chat's head when this instance's index of the chat is current; else what changed is read first.
   */
  search(chat: ChatRef, query: string, request?: PageRequest): Promise<ArticlePage>;
  get(chat: ChatRef, id: string): Promise<StoredArticle | null>;
  /**
   * `get` for showing an article from the list, with the chat's index checked against it on the way: an
   * article the list shows that storage no longer has, or an article stored apart from its summary (both
   * written by an instance of an earlier version, which knows nothing of the index), has the index repaired
   * before the answer, so that the list and every instance's search see the chat as it is.
   */
  open(chat: ChatRef, id: string): Promise<StoredArticle | null>;
  /** Adds the article unless the chat has `limit` articles already (ArticleLimitError). */
  create(chat: ChatRef, draft: ArticleDraft, limit: number): Promise<StoredArticle>;
  /**
   * Replaces `previous` (as read, at `etag`) with `next` if the article is unchanged since; else
   * EtagMismatchError. The saved article's change time is later than the previous one's, by a millisecond if
   * the clock says otherwise: every edit moves the article in the list. A `next` with the same title, text and
   * format as `previous` changes nothing (no version, no new change time): `previous` comes back, `unchanged`.
   */
  update(chat: ChatRef, previous: Article, next: Article, etag: string): Promise<StoredArticle & { unchanged?: true }>;
  /**
   * Moves the article to the chat's trash (who deleted it: `by`) if it is unchanged since `etag` (else
   * EtagMismatchError) and `check`, given the article, does not throw (or reject: the reads go ahead while an
   * asynchronous check runs, the write waits for it). Its versions stay, for when it is restored. Returns the
   * list's first page afterwards, or null when the chat has no such article. Purges what expired from the
   * trash, a few entries at a time.
   */
  delete(chat: ChatRef, id: string, etag: string, check?: (article: Article) => void | Promise<void>, by?: Person): Promise<(ArticlePage & { trashKey: string }) | null>;
  /**
   * Deletes the article (unchanged since `etag`) for good, with its history and without the trash: taking back
   * a write that landed after an uninstall that deletes the data. Quietly nothing when it is gone already.
   */
  erase(chat: ChatRef, id: string, etag: string): Promise<void>;
  /** The article's earlier versions, newest first (at most `keptVersions`), without their text. Never read by list or search. */
  history(chat: ChatRef, id: string): Promise<ArticleVersion[]>;
  /** One earlier version of the article `id`, with its text; null when there is no such version (any more). */
  version(chat: ChatRef, id: string, key: string): Promise<ArticleVersionText | null>;
  /**
   * A page of the chat's trash, newest deletion first (what expired is not shown), and purges what expired
   * (and what went over `maxTrashEntries`), a few entries at a time. `after`: the key of the page's last entry.
   */
  trash(chat: ChatRef, request?: { after?: string }): Promise<TrashPage>;
  /**
   * Brings the article of trash entry `key` back to the list, with its history, if `check` lets it and the
   * chat has fewer than `limit` articles (else ArticleLimitError); null when the entry is not there (any more).
   */
  untrash(chat: ChatRef, key: string, limit: number, check?: (article: Article) => void | Promise<void>): Promise<StoredArticle | null>;
  /** One entry of the chat's trash with the article's text as it was deleted; null when it is not there (any more) or expired. */
  trashed(chat: ChatRef, key: string): Promise<TrashedArticle | null>;
  /**
   * Deletes the article of trash entry `key` for good, with its history, if `check` lets it (as untrash), and
   * counts it off the trash's tally; false when the entry is not there (any more): restored, purged or erased
   * meanwhile. Nothing of it is left in storage.
   */
  eraseTrashed(chat: ChatRef, key: string, check?: (article: Article) => void | Promise<void>): Promise<boolean>;
  /**
   * Deletes for good, with their history, the trash entry `from` and every one deleted before it (not those
   * deleted since: nobody was asked about them), newest first, at most `atMost` of them (one
   * request stays short; the trash page then offers to go on); how many it deleted, and whether some remain.
   */
  emptyTrash(chat: ChatRef, from: string, atMost?: number): Promise<{ erased: number; more: boolean }>;
  /**
   * Deletes the earlier version `key` of the article `id` for good, if `check`, given the article, lets it:
   * `erased`, or `gone` when there is no such version (any more); null when there is no such article.
   */
  eraseVersion(chat: ChatRef, id: string, key: string, check?: (article: Article) => void | Promise<void>): Promise<'erased' | 'gone' | null>;
  /**
   * Deletes every article of a portal (uninstall with data[CLEAN]=1), listing its range again until it is empty,
   * so writes that land meanwhile go too; re-runnable. `stillWanted`, asked before each listing, ends it early
   * (the portal installed the app again meanwhile: its new articles stay). Rejects (storage_unavailable) when
   * rows are still there after a few rounds.
   */
  deletePortal(memberId: string, stillWanted?: () => Promise<boolean>): Promise<number>;
  /** What this instance keeps of chats' text for search, and what loads in flight hold, in bytes. */
  searchMemory(): { keptBytes: number; loadingBytes: number; budgetBytes: number };
}

export interface ArticleStoreOptions {
  nowMs?: () => number;
  /** what this instance may keep of chats' text for search, loads in flight included (default: defaultSearchCacheBytes) */
  searchCacheBytes?: number;
  /** how many loads of a whole chat for search an instance runs and queues (default: defaultSearchLoads) */
  searchLoads?: LoadLimits;
  indexBuild?: IndexBuildTiming;
  /** how long the trash keeps a deleted article (default 30 days) */
  trashRetentionMs?: number;
  /** where housekeeping that failed (a purge of the trash) is reported (default: the console) */
  log?: Logger;
}

/** Articles per page of the list and of search results. */
export const pageSize = 50;

/**
 * A quarter of what V8 may take on this machine, between 16 and 256 MiB: on a Flex Consumption instance of
 * 2,048 MB, Node.js sets its heap limit from the instance's memory, and search keeps well inside it.
 */
export function defaultSearchCacheBytes(heapLimitBytes = getHeapStatistics().heap_size_limit): number {
  return Math.min(Math.max(Math.floor(heapLimitBytes / 4), 16 * 2 ** 20), 256 * 2 ** 20);
}

/**
 * Two loads at a time (each holds up to one chat's folded text, about 110 MB for 1,000 articles of 20,000
 * astral characters), eight waiting, three per portal.
 */
export const defaultSearchLoads: LoadLimits = { running: 2, waiting: 8, perPortal: 3 };
/** An ETag as Table Storage issues it (`W/"datetime'…'"`); anything else from a form is a stale version. */
const etagPattern = /^W\/"datetime'[0-9A-Za-z%:.\-]{1,64}'"$/;
/**
 * Creates and deletes of one chat are serialised by its head: one that meets another tries again, this often,
 * backing off. Edits do not change the head, so they never make a create or delete try again.
 */
const writeAttempts = 8;

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));

/** Both results once both are done, or the first failure once both are done: nothing is left running. */
async function both<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
}

type Action = TransactionAction;

/** The chat's head and edit mark, read together (one range read): what a search checks its index against. */
interface ChatMarks {
  head: ChatHead | null;
  /** the edit mark's ETag; empty before the chat's first edit */
  edited: string;
}

const versionOf = (marks: ChatMarks & { head: ChatHead }) => `${marks.head.version}|${marks.edited}`;

async function readMarks(client: TableClient, pk: string): Promise<ChatMarks> {
  const rows = await readRows(client, 'read chat marks', filters.marks(pk));
  const head = rows.find((row) => row.rowKey === headRowKey);
  return { head: head ? headOf(head) : null, edited: rows.find((row) => row.rowKey === editMarkRowKey)?.etag ?? '' };
}

/** Whether two versions of an article say the same: title, text and format (what a save can change). */
function sameContent(a: Article, b: Article): boolean {
  return a.title === b.title && a.body === b.body && formatOf(a) === formatOf(b);
}

/** `next`, changed at least a millisecond after `previous`, so that its place in the list moves. */
function laterThan(previous: Article, next: Article): Article {
  const at = Math.max(Date.parse(next.updatedAt) || 0, (Date.parse(previous.updatedAt) || 0) + 1);
  return at === Date.parse(next.updatedAt) ? next : { ...next, updatedAt: new Date(at).toISOString() };
}

function pageFrom(head: Pick<ChatHead, 'count'> | null, summaries: ArticleSummary[], size: number): ArticlePage {
  return { articles: summaries.slice(0, size), total: head?.count ?? 0, more: summaries.length > size };
}

function sizeOf(request: PageRequest): number {
  return Math.min(Math.max(Math.trunc(request.size ?? pageSize), 1), pageSize);
}

function afterOf(request: PageRequest): string | undefined {
  return request.after !== undefined && cursorPattern.test(request.after) ? request.after : undefined;
}

export function createArticleStore(tables: Tables, tableName = 'articles', options: ArticleStoreOptions = {}): ArticleStore {
  const nowMs = options.nowMs ?? Date.now;
  const retentionMs = options.trashRetentionMs ?? trashRetentionMs;
  const timing = options.indexBuild ?? defaultIndexBuildTiming;
  const budgetBytes = options.searchCacheBytes ?? defaultSearchCacheBytes();
  const searches = new ChatSearchCache(budgetBytes);
  const gate = new LoadGate(options.searchLoads ?? defaultSearchLoads);
  const table = () => tables.table(tableName);
  const ready = (client: TableClient, pk: string, seen?: ChatHead | null) => readyChatHead(client, pk, nowMs, timing, seen);
  const log = options.log ?? createLogger(console);

  /**
   * Purges what is due from the chat's trash (nothing read unless the head says so). Housekeeping: when it
   * fails, what the user asked for is answered all the same, the failure is logged, and the next use tries again.
   */
  async function tidyTrash(client: TableClient, chat: ChatRef, head: ChatHead | null): Promise<void> {
    if (!head) return;
    try {
      await purgeTrash(client, partitionKey(chat), head, nowMs(), retentionMs);
    } catch (error) {
      log.error('trash.purgeFailed', { memberId: chat.memberId, chatId: chat.chatId }, error);
    }
  }

  /** The ready head and up to `size + 1` summaries after `after` (one beyond the page tells that more follow). */
  async function readPage(client: TableClient, pk: string, after: string | undefined, size: number): Promise<{ head: ChatHead | null; summaries: ArticleSummary[] }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      let seen: ChatHead | null;
      let rows;
      if (after === undefined) {
        // The head sorts just before the summaries: one range read brings both.
        const read = await readRows(client, 'read chat page', filters.firstPage(pk), { limit: size + 2, select: listColumns });
        seen = read[0]?.rowKey === headRowKey ? headOf(read[0]) : null;
        rows = seen ? read.slice(1) : read;
      } else {
        [seen, rows] = await Promise.all([readChatHead(client, pk), readRows(client, 'read chat page', filters.pageAfter(pk, after), { limit: size + 1, select: listColumns })]);
      }
      if (seen?.state === 'ready') return { head: seen, summaries: rows.map(summaryOf) };
      // No head: a chat without articles, or one from before the index, which gets its index now.
      if (!(await ready(client, pk, seen))) return { head: null, summaries: [] };
    }
    throw new AppError('storage_unavailable', 'storage: the chat index kept changing');
  }

  async function getRow(client: TableClient, pk: string, id: string): Promise<Row | null> {
    if (!articleIdPattern.test(id)) return null;
    return readOrNull('read article', () => client.getEntity<Record<string, unknown>>(pk, id));
  }

  async function get(client: TableClient, pk: string, id: string): Promise<StoredArticle | null> {
    const row = await getRow(client, pk, id);
    return row ? { article: articleOf(row), etag: row.etag } : null;
  }

  /** Whether the index lists the article `id`: a summary of it somewhere in the list (a filtered range read). */
  async function listed(client: TableClient, pk: string, id: string): Promise<boolean> {
    return (await readRows(client, 'look for an article summary', `${filters.summaries(pk)} and id eq '${id}'`, { limit: 1, select: ['RowKey'] })).length > 0;
  }

  async function open(chat: ChatRef, id: string): Promise<StoredArticle | null> {
    const client = await table();
    const pk = partitionKey(chat);
    const row = await getRow(client, pk, id);
    if (!row) {
      if (articleIdPattern.test(id) && (await listed(client, pk, id))) await repairChatIndex(client, pk, nowMs, timing);
      return null;
    }
    const article = articleOf(row);
    // Written with its summary in one transaction unless it carries no revision: written before the index, or
    // by an earlier version since. Then its summary is looked up where the article says it is.
    if (typeof row.rev !== 'string') {
      const summary = await readOrNull('read article summary', () =>
        client.getEntity<Record<string, unknown>>(pk, summaryRowKey(cursorOf(article)), { queryOptions: { select: ['id', 'rev'] } }),
      );
      if (summary?.rev !== revisionOf(row) || summary.id !== article.id) await repairChatIndex(client, pk, nowMs, timing);
    }
    return { article, etag: row.etag };
  }

  async function page(chat: ChatRef, request: PageRequest = {}): Promise<ArticlePage> {
    const size = sizeOf(request);
    const client = await table();
    const after = afterOf(request);
    const { head, summaries } = await readPage(client, partitionKey(chat), after, size);
    // Every open reads the head with the first page: what expired from the trash goes then, a few at a time.
    if (after === undefined) await tidyTrash(client, chat, head);
    return pageFrom(head, summaries, size);
  }

  /** The chat's marks once its index is ready, or null for a chat without articles. */
  async function readyMarks(client: TableClient, pk: string): Promise<(ChatMarks & { head: ChatHead }) | null> {
    const marks = await readMarks(client, pk);
    if (marks.head?.state === 'ready') return { ...marks, head: marks.head };
    if (!(await ready(client, pk, marks.head))) return null;
    const built = await readMarks(client, pk);
    return built.head ? { ...built, head: built.head } : null;
  }

  async function search(chat: ChatRef, query: string, request: PageRequest = {}): Promise<ArticlePage> {
    const words = searchQueryOf(query);
    if (!words.terms.length) {
      // A query without a word (only joiners or quotes, say) matches every article.
      const listed = await page(chat, request);
      return { ...listed, found: listed.total };
    }
    const client = await table();
    const pk = partitionKey(chat);
    const source: IndexSource = {
      client,
      pk,
      portal: chat.memberId,
      gate,
      version: async () => {
        const marks = await readMarks(client, pk);
        return marks.head ? versionOf({ ...marks, head: marks.head }) : '';
      },
    };
    for (let attempt = 0; ; attempt++) {
      const seenAt = searches.nextRead();
      const marks = await readyMarks(client, pk);
      if (!marks) return { articles: [], total: 0, found: 0, more: false };
      const version = versionOf(marks);
      const index = await searches.indexFor(pk, version, seenAt, (previous, hold) => loadSearchIndex(source, version, seenAt, hold, previous));
      if (!index.disagrees || attempt > 0) {
        const { articles, found, more } = await searchIn(index, words, afterOf(request), sizeOf(request));
        return { articles, total: marks.head.count, found, more };
      }
      // Summaries and articles disagree. Unless a write came between (the version changed), the index is repaired.
      if ((await source.version()) === version) await repairChatIndex(client, pk, nowMs, timing);
    }
  }

  /**
   * Deletes the article unchanged since `etag` (the head guards the count, the summary the article: see
   * delete), into the trash when `trashedBy` says who deleted it, else for good. Null when there is no such
   * article.
   */
  async function remove(
    chat: ChatRef,
    id: string,
    etag: string,
    check: ((article: Article) => void | Promise<void>) | undefined,
    trashedBy: Person | null,
  ): Promise<{ page: ArticlePage; trashKey: string; head: ChatHead } | null> {
    const client = await table();
    const pk = partitionKey(chat);
    for (let attempt = 0; attempt < writeAttempts; attempt++) {
      // The first page with the head (for the count and the page afterwards) and the article (for the check),
      // read together. A transaction's delete cannot carry the article's etag: the article's summary stands in
      // for it. Every edit moves the summary, so deleting the summary where the article as read puts it fails
      // if an edit came after that read; the head, as read, guards the count against creates and deletes.
      const [before, stored] = await both(readPage(client, pk, undefined, pageSize + 1), get(client, pk, id));
      if (!stored) return null;
      await check?.(stored.article);
      if (!etagPattern.test(etag) || stored.etag !== etag) throw new EtagMismatchError('article');
      const count = Math.max((before.head?.count ?? 1) - 1, 0);
      const deletedAt = nowMs();
      const trashed = trashedBy ? trashEntity(pk, stored.article, newRevision(), trashedBy, deletedAt) : undefined;
      const trash = trashed ? trashAdded(before.head?.trash, deletedAt) : before.head?.trash;
      const head = headWrite(pk, before.head, count, trash);
      const outcome = await transact(client, trashed ? 'move article to the trash' : 'delete article', [
        head,
        deleteAction(pk, id),
        deleteAction(pk, summaryRowKey(cursorOf(stored.article))),
        ...(trashed ? [['create', trashed] as Action] : []),
      ]);
      if (outcome.ok) {
        return {
          page: pageFrom({ count }, before.summaries.filter((summary) => summary.id !== id), pageSize),
          trashKey: trashed?.rowKey ?? '',
          head: headOf({ ...head[1], etag: outcome.etags[0] }),
        };
      }
      if (outcome.index === 2) {
        // The summary is not where the article says: an edit moved it since (read again, and the etag check
        // above says so), or the index needs repairing.
        const now = await get(client, pk, id);
        if (now?.etag === stored.etag) await repairChatIndex(client, pk, nowMs, timing);
      } else await pause(attempt);
    }
    throw new AppError('storage_unavailable', 'storage: delete article kept meeting other writes');
  }

  return {
    page,
    search,
    open,
    searchMemory: () => ({ keptBytes: searches.usedBytes, loadingBytes: searches.loadingBytes, budgetBytes }),

    async get(chat, id) {
      return get(await table(), partitionKey(chat), id);
    },

    async create(chat, draft, limit) {
      const client = await table();
      const pk = partitionKey(chat);
      for (let attempt = 0; attempt < writeAttempts; attempt++) {
        const head = await ready(client, pk);
        if (head && head.count >= limit) throw new ArticleLimitError(head.count);
        const article: Article = { ...draft, id: newArticleId(nowMs()), versionCount: 0 };
        const outcome = await transact(client, 'create article', addition(pk, head, article, head ? head.trash : emptyTrash));
        if (outcome.ok) return { article, etag: outcome.etags[1] ?? '' };
        // Another write to the chat came first (or took the id): count again.
        await pause(attempt);
      }
      throw new AppError('storage_unavailable', 'storage: create article kept meeting other writes');
    },

    async update(chat, previous, edited, etag) {
      if (!etagPattern.test(etag)) throw new EtagMismatchError('article');
      if (sameContent(previous, edited)) return { article: previous, etag, unchanged: true };
      const client = await table();
      const pk = partitionKey(chat);
      const changed = laterThan(previous, edited);
      for (let attempt = 0, repaired = false; attempt < 3; attempt++) {
        const rev = newRevision();
        // The version this save replaces is kept, in the same write; beyond `keptVersions` the oldest go. The
        // article counts its versions, so only a save that drops one (or the first since history existed, or
        // one after a failed attempt) reads their keys.
        const { versionCount, drops } = await historyAfterSave(client, pk, previous.id, attempt === 0 ? previous.versionCount : undefined);
        const next: Article = { ...changed, versionCount };
        const outcome = await transact(client, 'update article', [
          ['update', bodyEntity(pk, next, rev), 'Replace', { etag }],
          deleteAction(pk, summaryRowKey(cursorOf(previous))),
          ['create', summaryEntity(pk, next, rev)],
          // The edit mark changes with every edit: instances' search indexes see it. The head stays as it is.
          ['upsert', { partitionKey: pk, rowKey: editMarkRowKey, edit: rev }, 'Merge'],
          ['create', versionEntity(pk, previous, rev, { id: next.editorId, name: next.editorName }, next.updatedAt)],
          ...drops,
        ]);
        if (outcome.ok) return { article: next, etag: outcome.etags[0] ?? '' };
        if (outcome.index === 0) throw new EtagMismatchError('article');
        // A version's key taken, or one to drop gone meanwhile: read the versions again.
        if (outcome.index >= 4) continue;
        // The summary is not where the article says (a chat from before the index, or one written by the
        // previous version during a deploy): build the index, then try once more.
        if (repaired) break;
        repaired = true;
        await repairChatIndex(client, pk, nowMs, timing);
      }
      throw new AppError('storage_unavailable', 'storage: update article: the chat index does not match its articles');
    },

    async delete(chat, id, etag, check, by) {
      const removed = await remove(chat, id, etag, check, by ?? { id: '', name: '' });
      if (!removed) return null;
      // The trash was written: what is due to go from it (expired, or beyond its limit) goes now, a few at a time.
      await tidyTrash(await table(), chat, removed.head);
      return { ...removed.page, trashKey: removed.trashKey };
    },

    async erase(chat, id, etag) {
      if (!articleIdPattern.test(id)) return;
      const client = await table();
      const pk = partitionKey(chat);
      await remove(chat, id, etag, undefined, null);
      // Whatever else of it is there: its history, and the trash entry of a delete that came between.
      await purgeTrashOf(client, pk, id);
      await dropVersions(client, pk, id);
    },

    async history(chat, id) {
      if (!articleIdPattern.test(id)) return [];
      return readHistory(await table(), partitionKey(chat), id);
    },

    async version(chat, id, key) {
      if (!articleIdPattern.test(id) || !isVersionOf(key, id)) return null;
      const client = await table();
      const row = await readOrNull('read article version', () => client.getEntity<Record<string, unknown>>(partitionKey(chat), key));
      return row ? versionTextOf(row) : null;
    },

    async trash(chat, request = {}) {
      const client = await table();
      const pk = partitionKey(chat);
      const [page, head] = await both(readTrashPage(client, pk, request.after, nowMs(), retentionMs), readChatHead(client, pk));
      await tidyTrash(client, chat, head);
      return page;
    },

    async untrash(chat, key, limit, check) {
      if (!trashKeyPattern.test(key)) return null;
      const client = await table();
      const pk = partitionKey(chat);
      for (let attempt = 0; attempt < writeAttempts; attempt++) {
        const [row, head] = await both(readOrNull('read trash entry', () => client.getEntity<Record<string, unknown>>(pk, key)), ready(client, pk));
        const article = row ? trashedArticleOf(row) : null;
        if (!row || !article || isExpired(key, nowMs(), retentionMs)) return null;
        await check?.(article);
        if (head && head.count >= limit) throw new ArticleLimitError(head.count);
        // Back at its place in the list (its own change time), as it was; its versions never left. Its entry
        // gone meanwhile (restored by someone else, or purged): the whole restore fails.
        const outcome = await transact(client, 'restore article from the trash', addition(pk, head, article, head ? trashTaken(head.trash) : undefined, [deleteAction(pk, key)]));
        if (outcome.ok) return { article, etag: outcome.etags[1] ?? '' };
        // Restored (or purged) by someone else meanwhile.
        if (outcome.index === 1 || outcome.index === 3) return null;
        await pause(attempt);
      }
      throw new AppError('storage_unavailable', 'storage: restore article kept meeting other writes');
    },

    async trashed(chat, key) {
      return readTrashed(await table(), partitionKey(chat), key, nowMs(), retentionMs);
    },

    async eraseTrashed(chat, key, check) {
      if (!trashKeyPattern.test(key)) return false;
      const client = await table();
      const pk = partitionKey(chat);
      for (let attempt = 0; attempt < writeAttempts; attempt++) {
        const [found, head] = await both(readTrashed(client, pk, key, nowMs(), retentionMs), readChatHead(client, pk));
        if (!found || !head) return false;
        await check?.(found.article);
        const step = await eraseTrashEntry(client, pk, key, head);
        if (step.state !== 'changed') return step.state === 'erased';
        await pause(attempt);
      }
      throw new AppError('storage_unavailable', 'storage: delete from the trash kept meeting other writes');
    },

    async emptyTrash(chat, from, atMost = emptyAtOnce) {
      if (!trashKeyPattern.test(from)) return { erased: 0, more: false };
      const client = await table();
      const pk = partitionKey(chat);
      const [first, rows] = await both(
        readChatHead(client, pk),
        readRows(client, 'read chat trash keys', trashFilters.from(pk, from), { limit: Math.min(atMost, maxTrashEntries) + 1, select: ['RowKey'] }),
      );
      let head = first;
      let erased = 0;
      // Each entry in a transaction of its own, with its versions and the tally: what is left is always counted.
      const keys = rows.map((row) => row.rowKey ?? '');
      const more = keys.length > atMost;
      for (const key of keys.slice(0, atMost)) {
        for (let attempt = 0; head; attempt++) {
          if (attempt >= writeAttempts) throw new AppError('storage_unavailable', 'storage: emptying the trash kept meeting other writes');
          const step = await eraseTrashEntry(client, pk, key, head);
          if (step.state === 'erased') {
            head = step.head;
            erased++;
          }
          if (step.state !== 'changed') break;
          await pause(attempt);
          head = await readChatHead(client, pk);
        }
      }
      return { erased, more };
    },

    async eraseVersion(chat, id, key, check) {
      if (!articleIdPattern.test(id)) return null;
      if (!isVersionOf(key, id)) return 'gone';
      const client = await table();
      const pk = partitionKey(chat);
      for (let attempt = 0; attempt < writeAttempts; attempt++) {
        const [stored, version] = await both(get(client, pk, id), readOrNull('read article version', () => client.getEntity<Record<string, unknown>>(pk, key, { queryOptions: { select: ['RowKey'] } })));
        if (!stored) return null;
        await check?.(stored.article);
        if (!version) return 'gone';
        const step = await eraseVersion(client, pk, stored.article, stored.etag, key);
        if (step !== 'changed') return step;
        await pause(attempt);
      }
      throw new AppError('storage_unavailable', 'storage: delete version kept meeting other writes');
    },

    async deletePortal(memberId, stillWanted) {
      // A write checked before the uninstall may land meanwhile (an edit moves a summary, a delete removes rows).
      // Each chat's head goes last, so a chat never shows a head that counts articles already gone.
      return deletePortalRows(await table(), memberId, 'articles', { last: (rowKey) => rowKey === headRowKey, counts: (rowKey) => articleIdPattern.test(rowKey), stillWanted });
    },
  };
}
