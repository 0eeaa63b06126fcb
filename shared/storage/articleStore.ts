import type { TableClient, TransactionAction } from '@azure/data-tables';
import { AppError } from '../errors';
import {
  articleIdPattern,
  articleOf,
  bodyEntity,
  cursorOf,
  cursorPattern,
  filters,
  headEntity,
  headOf,
  headRowKey,
  newArticleId,
  newRevision,
  newVersion,
  partitionKey,
  summaryEntity,
  summaryOf,
  summaryRowKey,
  type ChatHead,
} from './articleRows';
import { defaultIndexBuildTiming, readChatHead, readyChatHead, repairChatIndex, type IndexBuildTiming } from './chatHead';
import { ChatSearchCache } from './ChatSearchCache';
import { needleOf } from './foldForSearch';
import { deletePortalRows } from './deletePortalRows';
import { readRows, transact } from './partitionRows';
import { loadSearchIndex, searchIn, type SearchIndex } from './searchIndex';
import { EtagMismatchError, readOrNull, type Tables } from './tableStorage';

export { articleIdPattern, cursorPattern, splitBody } from './articleRows';

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

export class ArticleLimitError extends Error {
  constructor(readonly count: number) {
    super(`the chat already has ${count} articles`);
    this.name = 'ArticleLimitError';
  }
}

export interface ArticleStore {
  /** A page of the chat's articles: one range read of the head and the summaries, never an article's text. */
  page(chat: ChatRef, request?: PageRequest): Promise<ArticlePage>;
  /**
   * A page of the articles whose title or text contains the query (see foldForSearch), in list order. One read
   * of the chat's head when this instance's index of the chat is current; else what changed is read first.
   */
  search(chat: ChatRef, query: string, request?: PageRequest): Promise<ArticlePage>;
  get(chat: ChatRef, id: string): Promise<StoredArticle | null>;
  /** Adds the article unless the chat has `limit` articles already (ArticleLimitError). */
  create(chat: ChatRef, draft: ArticleDraft, limit: number): Promise<StoredArticle>;
  /** Replaces `previous` (as read, at `etag`) with `next` if the article is unchanged since; else EtagMismatchError. */
  update(chat: ChatRef, previous: Article, next: Article, etag: string): Promise<StoredArticle>;
  /**
   * Deletes the article if it is unchanged since `etag` (else EtagMismatchError) and `check`, given the article,
   * does not throw (or reject: the reads go ahead while an asynchronous check runs, the write waits for it).
   * Returns the list's first page afterwards, or null when the chat has no such article.
   */
  delete(chat: ChatRef, id: string, etag: string, check?: (article: Article) => void | Promise<void>): Promise<ArticlePage | null>;
  /**
   * Deletes every article of a portal (uninstall with data[CLEAN]=1), listing its range again until it is empty,
   * so writes that land meanwhile go too; re-runnable. `stillWanted`, asked before each listing, ends it early
   * (the portal installed the app again meanwhile: its new articles stay). Rejects (storage_unavailable) when
   * rows are still there after a few rounds.
   */
  deletePortal(memberId: string, stillWanted?: () => Promise<boolean>): Promise<number>;
  /** What this instance keeps of chats' text for search, in bytes: never more than its budget. */
  cachedBytes(): number;
}

export interface ArticleStoreOptions {
  nowMs?: () => number;
  /** what this instance may keep of chats' text for search (default 256 MiB) */
  searchCacheBytes?: number;
  indexBuild?: IndexBuildTiming;
}

/** Articles per page of the list and of search results. */
export const pageSize = 50;
export const defaultSearchCacheBytes = 256 * 1024 * 1024;
/** An ETag as Table Storage issues it (`W/"datetime'…'"`); anything else from a form is a stale version. */
const etagPattern = /^W\/"datetime'[0-9A-Za-z%:.\-]{1,64}'"$/;
/** Writes to one chat are serialised by its head: a write that meets another one tries again, this often. */
const writeAttempts = 8;

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));

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
  const timing = options.indexBuild ?? defaultIndexBuildTiming;
  const searches = new ChatSearchCache(options.searchCacheBytes ?? defaultSearchCacheBytes);
  const table = () => tables.table(tableName);
  const ready = (client: TableClient, pk: string, seen?: ChatHead | null) => readyChatHead(client, pk, nowMs, timing, seen);

  /** The ready head and up to `size + 1` summaries after `after` (one beyond the page tells that more follow). */
  async function readPage(client: TableClient, pk: string, after: string | undefined, size: number): Promise<{ head: ChatHead | null; summaries: ArticleSummary[] }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      let seen: ChatHead | null;
      let rows;
      if (after === undefined) {
        // The head sorts just before the summaries: one range read brings both.
        const read = await readRows(client, 'read chat page', filters.firstPage(pk), { limit: size + 2 });
        seen = read[0]?.rowKey === headRowKey ? headOf(read[0]) : null;
        rows = seen ? read.slice(1) : read;
      } else {
        [seen, rows] = await Promise.all([readChatHead(client, pk), readRows(client, 'read chat page', filters.pageAfter(pk, after), { limit: size + 1 })]);
      }
      if (seen?.state === 'ready') return { head: seen, summaries: rows.map(summaryOf) };
      // No head: a chat without articles, or one from before the index, which gets its index now.
      if (!(await ready(client, pk, seen))) return { head: null, summaries: [] };
    }
    throw new AppError('storage_unavailable', 'storage: the chat index kept changing');
  }

  async function get(client: TableClient, pk: string, id: string): Promise<StoredArticle | null> {
    if (!articleIdPattern.test(id)) return null;
    const row = await readOrNull('read article', () => client.getEntity<Record<string, unknown>>(pk, id));
    return row ? { article: articleOf(row), etag: row.etag } : null;
  }

  async function page(chat: ChatRef, request: PageRequest = {}): Promise<ArticlePage> {
    const size = sizeOf(request);
    const { head, summaries } = await readPage(await table(), partitionKey(chat), afterOf(request), size);
    return pageFrom(head, summaries, size);
  }

  async function search(chat: ChatRef, query: string, request: PageRequest = {}): Promise<ArticlePage> {
    const needle = needleOf(query);
    if (!needle.folded) {
      // A query that folds to nothing (only joiners, say) matches every article.
      const listed = await page(chat, request);
      return { ...listed, found: listed.total };
    }
    const client = await table();
    const pk = partitionKey(chat);
    const indexAt = (head: ChatHead) => searches.indexFor(pk, head.version, (previous) => loadSearchIndex(client, pk, head, previous));
    let head = await ready(client, pk);
    if (!head) return { articles: [], total: 0, found: 0, more: false };
    let index: SearchIndex = await indexAt(head);
    if (index.disagrees) {
      // Summaries and articles disagree. Unless a write came between (the head changed), the index is repaired.
      const now = await readChatHead(client, pk);
      if (now?.version === head.version) await repairChatIndex(client, pk, nowMs, timing);
      head = await ready(client, pk);
      if (!head) return { articles: [], total: 0, found: 0, more: false };
      index = await indexAt(head);
    }
    const { articles, found, more } = searchIn(index, needle, afterOf(request), sizeOf(request));
    return { articles, total: head.count, found, more };
  }

  return {
    page,
    search,
    cachedBytes: () => searches.usedBytes,

    async get(chat, id) {
      return get(await table(), partitionKey(chat), id);
    },

    async create(chat, draft, limit) {
      const client = await table();
      const pk = partitionKey(chat);
      for (let attempt = 0; attempt < writeAttempts; attempt++) {
        const head = await ready(client, pk);
        if (head && head.count >= limit) throw new ArticleLimitError(head.count);
        const article: Article = { ...draft, id: newArticleId(nowMs()) };
        const rev = newRevision();
        const next = headEntity(pk, { count: (head?.count ?? 0) + 1, state: 'ready' });
        const outcome = await transact(client, 'create article', [
          head ? ['update', next, 'Replace', { etag: head.etag }] : ['create', next],
          ['create', bodyEntity(pk, article, rev)],
          ['create', summaryEntity(pk, article, rev)],
        ]);
        if (outcome.ok) return { article, etag: outcome.etags[1] ?? '' };
        // Another write to the chat came first (or took the id): count again.
        await pause(attempt);
      }
      throw new AppError('storage_unavailable', 'storage: create article kept meeting other writes');
    },

    async update(chat, previous, next, etag) {
      if (!etagPattern.test(etag)) throw new EtagMismatchError('article');
      const client = await table();
      const pk = partitionKey(chat);
      for (let attempt = 0; attempt < 2; attempt++) {
        const rev = newRevision();
        const summary = summaryEntity(pk, next, rev);
        const moved = summaryRowKey(cursorOf(previous));
        const outcome = await transact(client, 'update article', [
          ['update', bodyEntity(pk, next, rev), 'Replace', { etag }],
          ...(moved === summary.rowKey
            ? [['upsert', summary, 'Replace'] as TransactionAction]
            : [['delete', { partitionKey: pk, rowKey: moved }] as TransactionAction, ['create', summary] as TransactionAction]),
          // Any change of the head is a new version of the chat: instances' search indexes see it.
          ['update', { partitionKey: pk, rowKey: headRowKey, version: newVersion() }, 'Merge'],
        ]);
        if (outcome.ok) return { article: next, etag: outcome.etags[0] ?? '' };
        if (outcome.index === 0) throw new EtagMismatchError('article');
        // The summary or the head is not where the article says (a chat from before the index, or one written by
        // the previous version during a deploy): build the index, then try once more.
        await repairChatIndex(client, pk, nowMs, timing);
      }
      throw new AppError('storage_unavailable', 'storage: update article: the chat index does not match its articles');
    },

    async delete(chat, id, etag, check) {
      const client = await table();
      const pk = partitionKey(chat);
      for (let attempt = 0; attempt < writeAttempts; attempt++) {
        // The first page with the head (for the count and the page afterwards), then the article (for the check).
        // In that order: every write to an article also writes the head, so a transaction guarded by the head
        // read first deletes exactly the article as read (a transaction's delete cannot carry the article's etag).
        const before = await readPage(client, pk, undefined, pageSize + 1);
        const stored = await get(client, pk, id);
        if (!stored) return null;
        await check?.(stored.article);
        if (!etagPattern.test(etag) || stored.etag !== etag) throw new EtagMismatchError('article');
        const count = Math.max((before.head?.count ?? 1) - 1, 0);
        const outcome = await transact(client, 'delete article', [
          before.head
            ? ['update', headEntity(pk, { count, state: 'ready' }), 'Replace', { etag: before.head.etag }]
            : ['create', headEntity(pk, { count, state: 'ready' })],
          ['delete', { partitionKey: pk, rowKey: id }],
          ['delete', { partitionKey: pk, rowKey: summaryRowKey(cursorOf(stored.article)) }],
        ]);
        if (outcome.ok) return pageFrom({ count }, before.summaries.filter((summary) => summary.id !== id), pageSize);
        // The summary is not where the article says: build the index, then try again; else the head changed.
        if (outcome.index === 2) await repairChatIndex(client, pk, nowMs, timing);
        else await pause(attempt);
      }
      throw new AppError('storage_unavailable', 'storage: delete article kept meeting other writes');
    },

    async deletePortal(memberId, stillWanted) {
      // A write checked before the uninstall may land meanwhile (an edit moves a summary, a delete removes rows).
      // Each chat's head goes last, so a chat never shows a head that counts articles already gone.
      return deletePortalRows(await table(), memberId, 'articles', { last: (rowKey) => rowKey === headRowKey, counts: (rowKey) => articleIdPattern.test(rowKey), stillWanted });
    },
  };
}
