import type { TableClient } from '@azure/data-tables';
import { writeLegacyArticles } from '../../../local/legacyArticles';
import { ArticleLimitError, createArticleStore, pageSize, type ArticleDraft, type ArticleStore, type ArticleSummary, type ChatRef } from '../../../shared/storage/articleStore';
import { createTables, EtagMismatchError } from '../../../shared/storage/tableStorage';
import { countingTables } from '../../support/countingTables';
import { testStorageConnectionString, uniqueTableSuffix } from '../../support/testStorage';

const testStorage = () => ({ kind: 'connectionString', connectionString: testStorageConnectionString() }) as const;
const chat: ChatRef = { memberId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', chatId: 42 };
const quickBuild = { leaseMs: 2_000, pollMs: 20 };

function draft(title: string, body = '', at = '2026-03-01T10:00:00.000Z'): ArticleDraft {
  return { title, body, authorId: '1', authorName: 'Anna Schmidt', editorId: '1', editorName: 'Anna Schmidt', createdAt: at, updatedAt: at };
}

/** Two stores on one table: two instances of the app, each with its own memory. */
function instances(tableName: string, searchCacheBytes?: number): [ArticleStore, ArticleStore] {
  const tables = createTables(testStorage());
  return [createArticleStore(tables, tableName, { searchCacheBytes, indexBuild: quickBuild }), createArticleStore(tables, tableName, { indexBuild: quickBuild })];
}

async function everyPage(store: ArticleStore, read: (after?: string) => Promise<{ articles: ArticleSummary[]; more: boolean }>): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await read(after);
    ids.push(...page.articles.map((article) => article.id));
    if (!page.more) return ids;
    after = page.articles[page.articles.length - 1]?.cursor;
  }
  throw new Error('more than 100 pages');
}

describe('the article store', () => {
  let tableName: string;
  let table: TableClient;
  let one: ArticleStore;
  let other: ArticleStore;
  beforeEach(async () => {
    tableName = `articles${uniqueTableSuffix()}`;
    [one, other] = instances(tableName);
    table = await createTables(testStorage()).table(tableName);
  });

  it('lists a chat a page at a time, newest change first, every article exactly once', async () => {
    const ids = await writeLegacyArticles(table, chat, Array.from({ length: 120 }, (_, i) => draft(`Article ${i}`, `Text ${i}`, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString())));
    const first = await one.page(chat);
    expect(first).toMatchObject({ total: 120, more: true });
    expect(first.articles).toHaveLength(pageSize);
    expect(first.articles[0]).toMatchObject({ title: 'Article 119', excerpt: 'Text 119', authorName: 'Anna Schmidt' });
    expect(await everyPage(one, (after) => one.page(chat, { after }))).toEqual([...ids].reverse());
  });

  it('keeps later pages where they were when an article on an earlier page changes: it moves to the top, once', async () => {
    for (let i = 0; i < 60; i++) await one.create(chat, draft(`Article ${i}`, '', new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()), 1000);
    const first = await one.page(chat);
    const edited = first.articles[10]!;
    const stored = (await one.get(chat, edited.id))!;
    await one.update(chat, stored.article, { ...stored.article, title: 'Edited', updatedAt: '2026-06-01T00:00:00.000Z' }, stored.etag);
    const second = await other.page(chat, { after: first.articles[first.articles.length - 1]!.cursor });
    expect(second.articles.map((article) => article.title)).toEqual(Array.from({ length: 10 }, (_, i) => `Article ${9 - i}`));
    expect((await other.page(chat)).articles[0]).toMatchObject({ id: edited.id, title: 'Edited' });
    expect(new Set(await everyPage(other, (after) => other.page(chat, { after }))).size).toBe(60);
  });

  it('finds through one instance an article written through another right after, and never one deleted', async () => {
    await one.create(chat, draft('Printer', 'Second floor'), 1000);
    expect((await other.search(chat, 'floor')).found).toBe(1); // the other instance now keeps the chat's index
    const vpn = await one.create(chat, draft('VPN', `${'Setup notes. '.repeat(300)}The password is zebrafish.`), 1000);
    expect((await other.search(chat, 'ZEBRAFISH')).articles.map((article) => article.id)).toEqual([vpn.article.id]);

    const changed = await one.update(chat, vpn.article, { ...vpn.article, body: 'Ask the admin.' }, vpn.etag);
    expect((await other.search(chat, 'zebrafish')).found).toBe(0);
    expect((await other.search(chat, 'ADMIN')).found).toBe(1);

    await one.delete(chat, vpn.article.id, changed.etag);
    expect((await other.search(chat, 'admin')).found).toBe(0);
    expect((await other.page(chat)).articles.map((article) => article.title)).toEqual(['Printer']);
  });

  it('pages search results in list order with how many match, and answers a later page the same way twice', async () => {
    for (let i = 0; i < 75; i++) await one.create(chat, draft(`Note ${i}`, i % 3 === 0 ? 'about the Wiki' : 'other', new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()), 1000);
    const first = await other.search(chat, 'wiki');
    expect(first).toMatchObject({ found: 25, total: 75, more: false });
    expect(first.articles.map((article) => article.title)).toEqual(Array.from({ length: 25 }, (_, i) => `Note ${72 - 3 * i}`));
    const small = await other.search(chat, 'wiki', { size: 10 });
    const after = small.articles[9]!.cursor;
    const next = await other.search(chat, 'wiki', { after, size: 10 });
    expect(next.articles.map((article) => article.title)).toEqual(Array.from({ length: 10 }, (_, i) => `Note ${42 - 3 * i}`));
    expect(await other.search(chat, 'wiki', { after, size: 10 })).toEqual(next);
  });

  it('never counts more articles than the limit, even when many are written at once', async () => {
    await writeLegacyArticles(table, chat, Array.from({ length: 995 }, (_, i) => draft(`Old ${i}`)));
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => (i % 2 ? one : other).create(chat, draft(`New ${i}`), 1000)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(5);
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ArticleLimitError);
    expect((await one.page(chat)).total).toBe(1000);
    expect(await everyPage(one, (after) => one.page(chat, { after }))).toHaveLength(1000);
  });

  it('keeps chats written before the index working: listed, searched, edited and deleted, indexed once by many', async () => {
    const ids = await writeLegacyArticles(table, chat, [draft('Holidays', 'Closed from Dec 24'), draft('Größe', 'Welche Größe hat der Raum?'), draft('VPN', 'Install the client')]);
    // Three instances, their storage calls counted, touch the chat at once: one builds its index, the others wait.
    const { tables, log } = countingTables(createTables(testStorage()));
    const [third, fourth] = [createArticleStore(tables, tableName, { indexBuild: quickBuild }), createArticleStore(tables, tableName, { indexBuild: quickBuild })];
    const [first, second] = await Promise.all([third.page(chat), fourth.page(chat), third.page(chat)]);
    const finished = log.transactions.filter(({ actions, ok }) => ok && actions[0]?.[1].rowKey === 's' && actions[0]?.[1].state === 'ready' && actions[1]?.[1].rowKey === 'r');
    expect(finished).toHaveLength(1);
    expect(first.articles.map((article) => article.title)).toEqual(['VPN', 'Größe', 'Holidays']);
    expect(second).toEqual(first);
    expect((await other.search(chat, 'GRÖSSE')).articles.map((article) => article.title)).toEqual(['Größe']);

    const vpn = (await one.get(chat, ids[2]!))!;
    await one.update(chat, vpn.article, { ...vpn.article, body: 'Use the new client', updatedAt: '2026-04-01T00:00:00.000Z' }, vpn.etag);
    const holidays = (await other.get(chat, ids[0]!))!;
    const after = await other.delete(chat, holidays.article.id, holidays.etag);
    expect(after?.articles.map((article) => article.title)).toEqual(['VPN', 'Größe']);
    expect((await one.search(chat, 'new client')).found).toBe(1);
    expect((await one.search(chat, 'closed')).found).toBe(0);
    // One summary per article and one head.
    const rows = [];
    for await (const row of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${chat.memberId}_${chat.chatId}'` } })) rows.push(row.rowKey);
    expect(rows.filter((key) => key?.startsWith('s'))).toHaveLength(3);
  });

  it('mends a warm instance’s list and search when an article the previous version deleted, changed or wrote is opened', async () => {
    await one.create(chat, draft('Kept', 'still here'), 1000);
    const gone = await one.create(chat, draft('Removed by the old version', 'old text'), 1000);
    const changed = await one.create(chat, draft('Changed by the old version', 'before the deploy'), 1000);
    expect((await one.search(chat, 'old text')).found).toBe(1); // the instance now keeps the chat's index
    // What the previous version does: it adds, replaces and deletes article rows and knows nothing of the index.
    const pk = `${chat.memberId}_${chat.chatId}`;
    const [added] = await writeLegacyArticles(table, chat, [draft('Added by the old version', 'written during the deploy')]);
    await table.deleteEntity(pk, gone.article.id);
    const { body, ...rest } = { ...changed.article, body: 'rewritten during the deploy', updatedAt: '2026-03-02T10:00:00.000Z' };
    await table.updateEntity({ partitionKey: pk, rowKey: changed.article.id, ...rest, id: undefined, body }, 'Replace', { etag: changed.etag });

    // Someone opens the article the list still shows: it is gone, and the chat's index is mended for everyone.
    expect(await one.open(chat, gone.article.id)).toBeNull();
    expect((await one.search(chat, 'old text')).found).toBe(0);
    expect((await one.search(chat, 'during the deploy')).articles.map((article) => article.id).sort()).toEqual([added, changed.article.id].sort());
    expect((await other.page(chat)).articles.map((article) => article.title).sort()).toEqual(['Added by the old version', 'Changed by the old version', 'Kept']);

    // The same when the article opened is one the previous version changed.
    const again = (await one.get(chat, changed.article.id))!;
    await table.updateEntity({ partitionKey: pk, rowKey: again.article.id, ...rest, id: undefined, body: 'changed once more', updatedAt: '2026-03-03T10:00:00.000Z' }, 'Replace', { etag: again.etag });
    expect((await one.open(chat, changed.article.id))?.article.body).toBe('changed once more');
    expect((await one.search(chat, 'once more')).found).toBe(1);
    expect((await one.page(chat)).total).toBe(3);
  });

  it('leaves the head that creates and deletes check as it was on every edit, so edits never make them try again', async () => {
    const docs = [];
    for (const i of [1, 2, 3]) docs.push(await one.create(chat, draft(`Doc ${i}`, 'v1', `2026-03-0${i}T10:00:00.000Z`), 1000));
    const headEtag = async () => (await table.getEntity(`${chat.memberId}_${chat.chatId}`, 's')).etag;
    const before = await headEtag();
    for (const doc of docs) await other.update(chat, doc.article, { ...doc.article, body: 'v2' }, doc.etag);
    expect(await headEtag()).toBe(before);
    expect((await one.search(chat, 'v2')).found).toBe(docs.length);
  });

  it('deletes an article only as it was confirmed: an edit between reading it and deleting it makes the delete ask again', async () => {
    const doc = await one.create(chat, draft('Doc', 'first'), 1000);
    const editMeanwhile = async () => {
      const now = (await other.get(chat, doc.article.id))!;
      await other.update(chat, now.article, { ...now.article, body: `edited at ${now.etag.length}` }, now.etag);
    };
    await expect(one.delete(chat, doc.article.id, doc.etag, editMeanwhile)).rejects.toBeInstanceOf(EtagMismatchError);
    expect((await one.get(chat, doc.article.id))?.article.body).toMatch(/^edited/);
    expect((await one.page(chat)).total).toBe(1);
  });

  it('dates an edit at least a millisecond after the version it replaces, whatever the clock of the instance says', async () => {
    const doc = await one.create(chat, draft('Doc', 'first', '2026-03-05T10:00:00.000Z'), 1000);
    const saved = await one.update(chat, doc.article, { ...doc.article, body: 'second', updatedAt: '2026-03-01T00:00:00.000Z' }, doc.etag);
    expect(saved.article.updatedAt).toBe('2026-03-05T10:00:00.001Z');
    expect((await other.page(chat)).articles).toMatchObject([{ title: 'Doc', updatedAt: '2026-03-05T10:00:00.001Z' }]);
  });

  it('mends the index when an instance of the previous version wrote around it during a deploy', async () => {
    await one.create(chat, draft('Kept', 'still here'), 1000);
    const gone = await one.create(chat, draft('Removed by the old version', 'old text'), 1000);
    // What the previous version does: it adds and deletes article rows and knows nothing of the index.
    const [added] = await writeLegacyArticles(table, chat, [draft('Added by the old version', 'written during the deploy')]);
    await table.deleteEntity(`${chat.memberId}_${chat.chatId}`, gone.article.id);

    const [fresh] = instances(tableName); // an instance that has not kept this chat yet
    expect((await fresh.search(chat, 'during the deploy')).articles.map((article) => article.id)).toEqual([added]);
    expect((await fresh.search(chat, 'old text')).found).toBe(0);
    const page = await fresh.page(chat);
    expect(page.articles.map((article) => article.title).sort()).toEqual(['Added by the old version', 'Kept']);
    expect(page.total).toBe(2);
  });

  it('keeps what it holds for search within its byte budget whatever the number of chats, and still answers', async () => {
    const budget = 200_000;
    const [small] = instances(tableName, budget);
    for (let chatId = 1; chatId <= 12; chatId++) {
      await writeLegacyArticles(table, { ...chat, chatId }, Array.from({ length: 5 }, (_, i) => draft(`Chat ${chatId} note ${i}`, `${'word '.repeat(2_000)}needle${chatId}`)));
    }
    for (let round = 0; round < 2; round++) {
      for (let chatId = 1; chatId <= 12; chatId++) {
        expect((await small.search({ ...chat, chatId }, `NEEDLE${chatId}`)).found).toBe(5);
        expect(small.searchMemory().keptBytes).toBeLessThanOrEqual(budget);
      }
    }
    expect(small.searchMemory().keptBytes).toBeGreaterThan(budget / 2);
  });

  it('answers a search over a chat larger than its whole budget without keeping it', async () => {
    const [tiny] = instances(tableName, 10_000);
    await writeLegacyArticles(table, chat, Array.from({ length: 3 }, (_, i) => draft(`Long ${i}`, `${'x'.repeat(20_000)} end${i}`)));
    expect((await tiny.search(chat, 'END2')).articles.map((article) => article.title)).toEqual(['Long 2']);
    expect(tiny.searchMemory().keptBytes).toBe(0);
  });

  it('lists, opens and searches a chat with history and trash without reading either; a cold search takes the trash as it is', async () => {
    const by = { id: '1', name: 'Anna Schmidt' };
    const kept = await one.create(chat, draft('Kept', 'The current text says alpaca.'), 1000);
    const edited = await one.update(chat, kept.article, { ...kept.article, body: 'The current text says llama.', updatedAt: '2026-03-02T10:00:00.000Z' }, kept.etag);
    const gone = await one.create(chat, draft('Gone', 'Only the trash says zebra.'), 1000);
    await one.update(chat, gone.article, { ...gone.article, body: 'The trash says zebra twice.', updatedAt: '2026-03-02T11:00:00.000Z' }, gone.etag);
    const stored = await one.get(chat, gone.article.id);
    await one.delete(chat, gone.article.id, stored!.etag, undefined, by);
    expect((await table.listEntities({ queryOptions: { filter: `PartitionKey eq '${chat.memberId}_${chat.chatId}' and RowKey gt 't'` } }).byPage().next()).value).toHaveLength(3);

    // Another instance, cold: it has never seen the chat.
    const { tables, log } = countingTables(createTables(testStorage()));
    const cold = createArticleStore(tables, tableName, { indexBuild: quickBuild });
    expect((await cold.page(chat)).articles.map((article) => article.title)).toEqual(['Kept']);
    expect((await cold.search(chat, 'LLAMA')).articles.map((article) => article.title)).toEqual(['Kept']);
    expect((await cold.search(chat, 'alpaca')).articles).toEqual([]);
    expect((await cold.search(chat, 'zebra')).articles).toEqual([]);
    expect((await cold.open(chat, edited.article.id))?.article.body).toBe('The current text says llama.');
    // Every range it read ends before the trash (`t…`) and the versions (`v…`); no point read of either; no repair.
    const upperBounds = (filter: string) => [...filter.matchAll(/RowKey (?:lt|le) '([^']*)'/g)].map((match) => match[1]!);
    expect(log.reads.filter((read) => upperBounds(read.filter).length === 0 || upperBounds(read.filter).some((bound) => bound > 's:'))).toEqual([]);
    expect(log.pointReads.filter((key) => /^[tv]/.test(key))).toEqual([]);
    expect(log.transactions).toEqual([]);
  });

  it('keeps an article’s history and trash across instances: one saves and deletes, the other lists, restores and finds it', async () => {
    const by = { id: '2', name: 'Boris Ivanov' };
    const created = await one.create(chat, draft('Menu', 'Soup'), 1000);
    const saved = await one.update(chat, created.article, { ...created.article, body: 'Salad', editorId: '2', editorName: 'Boris Ivanov', updatedAt: '2026-03-02T10:00:00.000Z' }, created.etag);
    expect((await other.history(chat, created.article.id)).map((version) => [version.title, version.editorName, version.replacedByName])).toEqual([['Menu', 'Anna Schmidt', 'Boris Ivanov']]);
    await expect(other.search(chat, 'salad')).resolves.toMatchObject({ found: 1 });
    await one.delete(chat, created.article.id, saved.etag, undefined, by);
    const [entry] = (await other.trash(chat)).entries;
    expect(entry).toMatchObject({ id: created.article.id, title: 'Menu', deletedByName: 'Boris Ivanov' });
    await expect(one.search(chat, 'salad')).resolves.toMatchObject({ found: 0 });
    const restored = await other.untrash(chat, entry!.key, 1000);
    expect(restored?.article.body).toBe('Salad');
    await expect(one.search(chat, 'salad')).resolves.toMatchObject({ found: 1 });
    expect(await one.history(chat, created.article.id)).toHaveLength(1);
    // Restored by one instance: the other finds the entry gone.
    expect(await one.untrash(chat, entry!.key, 1000)).toBeNull();
  });

  it('keeps a version with every save in the save’s own write, reading the versions only when one has to go', async () => {
    const { tables, log } = countingTables(createTables(testStorage()));
    const store = createArticleStore(tables, tableName, { indexBuild: quickBuild });
    let current = await store.create(chat, draft('Counter', '0'), 1000);
    log.clear();
    const at = (i: number) => new Date(Date.parse('2026-03-01T10:00:00.000Z') + i * 60_000).toISOString();
    for (let i = 1; i <= 50; i++) current = await store.update(chat, current.article, { ...current.article, body: String(i), updatedAt: at(i) }, current.etag);
    const versionReads = () => log.reads.filter((read) => read.filter.includes("RowKey gt 'v")).length;
    expect(versionReads()).toBe(0);
    expect(log.transactions).toHaveLength(50);
    expect(current.article.versionCount).toBe(50);
    current = await store.update(chat, current.article, { ...current.article, body: '51', updatedAt: at(51) }, current.etag);
    expect(versionReads()).toBe(1);
    expect(current.article.versionCount).toBe(50);
    expect((await store.history(chat, current.article.id)).map((version) => version.key)).toHaveLength(50);
  });
});
