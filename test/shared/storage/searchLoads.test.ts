import type { TableClient } from '@azure/data-tables';
import { writeLegacyArticles } from '../../../local/legacyArticles';
import { createArticleStore, defaultSearchCacheBytes, type ArticleDraft, type ArticleStoreOptions, type ChatRef } from '../../../shared/storage/articleStore';
import { createTables } from '../../../shared/storage/tableStorage';
import { countingTables, type RangeRead } from '../../support/countingTables';
import { testStorageConnectionString, uniqueTableSuffix } from '../../support/testStorage';

const testStorage = () => ({ kind: 'connectionString', connectionString: testStorageConnectionString() }) as const;
const quickBuild = { leaseMs: 2_000, pollMs: 20 };

function draft(title: string, body: string): ArticleDraft {
  const at = '2026-03-01T10:00:00.000Z';
  return { title, body, authorId: '1', authorName: 'Anna Schmidt', editorId: '1', editorName: 'Anna Schmidt', createdAt: at, updatedAt: at };
}

const text = (i: number) => `${'Step one: open the settings and check them. Шаг: проверьте настройки. '.repeat(40)} zebra${i}`;
/** A load of a chat's whole index: every summary with its folded text, one page after another. */
const wholeLoad = (read: RangeRead) => read.filter.includes("RowKey gt 's'") && read.select === undefined;
/** A read of articles' text: a range of article rows with every column. */
const textRead = (read: RangeRead) => read.filter.includes("RowKey lt ':'") && read.select === undefined;

describe('loading chats for search', () => {
  let tableName: string;
  let table: TableClient;
  beforeEach(async () => {
    tableName = `articles${uniqueTableSuffix()}`;
    table = await createTables(testStorage()).table(tableName);
  });

  /** An instance whose storage calls are counted. */
  function instance(options: ArticleStoreOptions = {}) {
    const { tables, log } = countingTables(createTables(testStorage()));
    return { store: createArticleStore(tables, tableName, { indexBuild: quickBuild, ...options }), log };
  }

  it('loads a chat whole once however many searches and writes come at once: newer versions read only what changed', async () => {
    const chat: ChatRef = { memberId: 'm1', chatId: 1 };
    await writeLegacyArticles(table, chat, Array.from({ length: 120 }, (_, i) => draft(`Note ${i}`, text(i))));
    const { store, log } = instance();
    await store.page(chat); // indexes the chat
    log.clear();
    const searches: Promise<unknown>[] = [];
    for (let i = 0; i < 4; i++) {
      searches.push(store.search(chat, 'ZEBRA'));
      await store.create(chat, draft(`New ${i}`, `zebra new${i}`), 1000);
    }
    await Promise.all(searches);
    expect(log.reads.filter(wholeLoad)).toHaveLength(1);
    expect((await store.search(chat, 'ZEBRA')).found).toBe(124);
    expect(log.reads.filter(wholeLoad)).toHaveLength(1);
  });

  it('searches from the summaries alone: a first search reads no article text, and folds nothing', async () => {
    const chat: ChatRef = { memberId: 'm1', chatId: 2 };
    const writer = instance();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await writer.store.create(chat, draft(`Größe ${i}`, text(i)), 1000)).article.id);
    const { store, log } = instance();
    expect((await store.search(chat, 'GRÖSSE 3')).articles.map((article) => article.title)).toEqual(['Größe 3']);
    expect(log.reads.filter(textRead)).toEqual([]);
    expect(log.pointReads.filter((key) => ids.includes(key))).toEqual([]);
  });

  it('runs at most two whole loads at a time on an instance, one per portal, and every search is answered', async () => {
    const chats: ChatRef[] = [];
    for (const memberId of ['p1', 'p2', 'p3']) for (const chatId of [1, 2]) chats.push({ memberId, chatId });
    for (const chat of chats) await writeLegacyArticles(table, chat, Array.from({ length: 30 }, (_, i) => draft(`Note ${i}`, text(i))));
    const { store, log } = instance({ searchLoads: { running: 2, waiting: 8, perPortal: 2 } });
    for (const chat of chats) await store.page(chat);
    log.clear();
    const found = await Promise.all(chats.map((chat) => store.search(chat, 'zebra7')));
    expect(found.map((page) => page.found)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(log.reads.filter(wholeLoad)).toHaveLength(6);
    expect(log.mostAtOnce(wholeLoad)).toBe(2);
    for (const portal of ['p1', 'p2', 'p3']) expect(log.mostAtOnce((read) => wholeLoad(read) && read.filter.includes(`'${portal}_`))).toBe(1);
  });

  it('answers “busy, try again” at once beyond what it may load and queue, and loads the chat on the next try', async () => {
    const chats: ChatRef[] = ['p1', 'p2', 'p3', 'p4'].map((memberId) => ({ memberId, chatId: 1 }));
    for (const chat of chats) await writeLegacyArticles(table, chat, Array.from({ length: 10 }, (_, i) => draft(`Note ${i}`, text(i))));
    const { store, log } = instance({ searchLoads: { running: 1, waiting: 1, perPortal: 2 } });
    for (const chat of chats) await store.page(chat);
    log.clear();
    const answers = await Promise.allSettled(chats.map((chat) => store.search(chat, 'zebra1')));
    expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    for (const answer of answers) if (answer.status === 'rejected') expect(answer.reason).toMatchObject({ code: 'search_busy', status: 503 });
    expect(log.reads.filter(wholeLoad)).toHaveLength(2);
    expect((await store.search(chats[3]!, 'zebra1')).found).toBe(1);
  });

  it('counts what loads in flight hold against the budget, so that kept chats and loading ones stay within it', async () => {
    const chats: ChatRef[] = [1, 2, 3, 4].map((chatId) => ({ memberId: 'm1', chatId }));
    for (const chat of chats) await writeLegacyArticles(table, chat, Array.from({ length: 20 }, (_, i) => draft(`Note ${i}`, text(i))));
    const budget = 150_000;
    const { store } = instance({ searchCacheBytes: budget });
    for (const chat of chats) await store.page(chat);
    const seen: { kept: number; loading: number }[] = [];
    for (const chat of chats) {
      let settled = false;
      const searching = store.search(chat, 'zebra3').finally(() => (settled = true));
      // Read what the store counts while the load runs, between its pages and articles.
      while (!settled) {
        const { keptBytes, loadingBytes } = store.searchMemory();
        seen.push({ kept: keptBytes, loading: loadingBytes });
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect((await searching).found).toBe(1);
    }
    expect(seen.some((sample) => sample.loading > 0)).toBe(true);
    expect(Math.max(...seen.map((sample) => sample.kept + sample.loading))).toBeLessThanOrEqual(budget);
    expect(store.searchMemory().loadingBytes).toBe(0);
    expect(store.searchMemory().keptBytes).toBeGreaterThan(budget / 2);
  });

  it('keeps a quarter of what V8 may take for search by default, between 16 and 256 MiB', () => {
    const mib = 2 ** 20;
    expect(defaultSearchCacheBytes(512 * mib)).toBe(128 * mib);
    expect(defaultSearchCacheBytes(4096 * mib)).toBe(256 * mib);
    expect(defaultSearchCacheBytes(32 * mib)).toBe(16 * mib);
    expect(defaultSearchCacheBytes()).toBeLessThanOrEqual(256 * mib);
  });
});
