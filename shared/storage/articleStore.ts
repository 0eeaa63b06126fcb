import { randomBytes } from 'node:crypto';
import type { TableEntityResult } from '@azure/data-tables';
import { EtagMismatchError, readOrNull, storageCall, type Tables } from './tableStorage';

/** One knowledge-base article of one chat. Text is stored exactly as written; it is only ever shown as text. */
export interface Article {
  id: string;
  title: string;
  body: string;
  authorId: string;
  authorName: string;
  editorId: string;
  editorName: string;
  /** ISO timestamps */
  createdAt: string;
  updatedAt: string;
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

export interface ArticleStore {
  /** The chat's articles, newest change first: one partition read. */
  list(chat: ChatRef): Promise<StoredArticle[]>;
  /** How many articles the chat has: one partition read of the row keys only, no bodies. */
  count(chat: ChatRef): Promise<number>;
  get(chat: ChatRef, id: string): Promise<StoredArticle | null>;
  create(chat: ChatRef, draft: ArticleDraft): Promise<StoredArticle>;
  /** Replaces the article if it is unchanged since `etag` was read; else EtagMismatchError. */
  update(chat: ChatRef, article: Article, etag: string): Promise<StoredArticle>;
  /** Deletes the article if it is unchanged since `etag`; an article already gone counts as deleted. */
  delete(chat: ChatRef, id: string, etag: string): Promise<void>;
  /** Every article of a portal (uninstall with data[CLEAN]=1). */
  deletePortal(memberId: string): Promise<number>;
}

export const articleIdPattern = /^\d{13}[0-9a-f]{8}$/;
/** An ETag as Table Storage issues it (`W/"datetime'…'"`); anything else from a form is a stale version. */
const etagPattern = /^W\/"datetime'[0-9A-Za-z%:.\-]{1,64}'"$/;
const maxTimestamp = 9_999_999_999_999;

/**
 * Row keys sort newest first (an inverted creation time), so a chat reads as one partition in creation order;
 * the list is then ordered by last change.
 */
export function newArticleId(nowMs: number): string {
  return `${String(maxTimestamp - nowMs).padStart(13, '0')}${randomBytes(4).toString('hex')}`;
}

/**
 * Table Storage keeps at most 64 KiB (32,768 UTF-16 units) in one string column, fewer than 20,000
 * characters of emoji or other astral text need. The body is stored in columns `body`, `body1`, `body2` of
 * at most 30,000 units each, never splitting a surrogate pair.
 */
const bodyChunkUnits = 30_000;
const bodyColumns = ['body', 'body1', 'body2'] as const;

export function splitBody(body: string): Record<string, string> {
  const columns: Record<string, string> = {};
  let rest = body;
  for (const column of bodyColumns) {
    let end = Math.min(rest.length, bodyChunkUnits);
    const code = rest.charCodeAt(end - 1);
    if (end < rest.length && code >= 0xd800 && code <= 0xdbff) end--;
    columns[column] = rest.slice(0, end);
    rest = rest.slice(end);
  }
  return columns;
}

function joinBody(entity: Record<string, unknown>): string {
  return bodyColumns.map((column) => (typeof entity[column] === 'string' ? entity[column] : '')).join('');
}

function partitionKey(chat: ChatRef): string {
  return `${chat.memberId}_${chat.chatId}`;
}

type ArticleEntity = Omit<Article, 'id'>;

export function createArticleStore(tables: Tables, tableName = 'articles', nowMs: () => number = Date.now): ArticleStore {
  const table = () => tables.table(tableName);
  const fromEntity = (entity: TableEntityResult<ArticleEntity>): StoredArticle => ({
    etag: entity.etag,
    article: {
      id: entity.rowKey ?? '',
      title: entity.title,
      body: joinBody(entity as unknown as Record<string, unknown>),
      authorId: String(entity.authorId),
      authorName: entity.authorName ?? '',
      editorId: String(entity.editorId ?? entity.authorId),
      editorName: entity.editorName ?? entity.authorName ?? '',
      createdAt: entity.createdAt,
      updatedAt: entity.updatedAt,
    },
  });
  const toEntity = (chat: ChatRef, article: Article) => {
    const { id, body, ...rest } = article;
    return { partitionKey: partitionKey(chat), rowKey: id, ...rest, ...splitBody(body) };
  };

  return {
    async list(chat) {
      const client = await table();
      const filter = `PartitionKey eq '${partitionKey(chat)}'`;
      const rows = await storageCall('list articles', async () => {
        const out: StoredArticle[] = [];
        for await (const entity of client.listEntities<ArticleEntity>({ queryOptions: { filter } })) out.push(fromEntity(entity));
        return out;
      });
      return rows.sort((a, b) => b.article.updatedAt.localeCompare(a.article.updatedAt) || a.article.id.localeCompare(b.article.id));
    },

    async count(chat) {
      const client = await table();
      const filter = `PartitionKey eq '${partitionKey(chat)}'`;
      return storageCall('count articles', async () => {
        let count = 0;
        for await (const _ of client.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) count++;
        return count;
      });
    },

    async get(chat, id) {
      if (!articleIdPattern.test(id)) return null;
      const client = await table();
      const entity = await readOrNull('read article', () => client.getEntity<ArticleEntity>(partitionKey(chat), id));
      return entity ? fromEntity(entity) : null;
    },

    async create(chat, draft) {
      const client = await table();
      const article = { ...draft, id: newArticleId(nowMs()) };
      const written = await storageCall('create article', () => client.createEntity(toEntity(chat, article)));
      return { article, etag: written.etag ?? '' };
    },

    async update(chat, article, etag) {
      if (!etagPattern.test(etag)) throw new EtagMismatchError('article');
      const client = await table();
      const written = await storageCall('update article', () => client.updateEntity(toEntity(chat, article), 'Replace', { etag }));
      return { article, etag: written.etag ?? '' };
    },

    async delete(chat, id, etag) {
      if (!articleIdPattern.test(id)) return;
      if (!etagPattern.test(etag)) throw new EtagMismatchError('article');
      const client = await table();
      await readOrNull('delete article', () => client.deleteEntity(partitionKey(chat), id, { etag }));
    },

    async deletePortal(memberId) {
      const client = await table();
      // Partition keys are `<memberId>_<chatId>`: every partition of the portal sorts between `<memberId>_`
      // and `<memberId>` followed by the next character after '_' (a backtick).
      const filter = `PartitionKey ge '${memberId}_' and PartitionKey lt '${memberId}\u0060'`;
      const keys = await storageCall('list portal articles', async () => {
        const found: { partitionKey: string; rowKey: string }[] = [];
        for await (const entity of client.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } })) {
          found.push({ partitionKey: entity.partitionKey ?? '', rowKey: entity.rowKey ?? '' });
        }
        return found;
      });
      // One transaction per partition and hundred rows (the service's limit).
      const batches = new Map<string, { partitionKey: string; rowKey: string }[][]>();
      for (const key of keys) {
        const chunks = batches.get(key.partitionKey) ?? [[]];
        if ((chunks[chunks.length - 1] ?? []).length === 100) chunks.push([]);
        chunks[chunks.length - 1]?.push(key);
        batches.set(key.partitionKey, chunks);
      }
      for (const chunk of [...batches.values()].flat()) {
        await storageCall('delete portal articles', () =>
          client.submitTransaction(chunk.map((key) => ['delete', key] as ['delete', { partitionKey: string; rowKey: string }])),
        );
      }
      return keys.length;
    },
  };
}
