import type { TransactionAction } from '@azure/data-tables';
import { createArticleStore, maxTrashEntries, trashRetentionDays, type ArticleStore } from '../../shared/storage/articleStore';
import { createTables } from '../../shared/storage/tableStorage';
import { readRows } from '../../shared/storage/partitionRows';
import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, articleIds, formFields, hiddenField, openSidebar, submit, type SidebarPage } from '../support/sidebarDriver';
import { uniqueTableSuffix } from '../support/testStorage';
import { countingTables } from '../support/countingTables';
import { createLogger } from '../../shared/logger';

const day = 86_400_000;

describe('the chat’s trash', () => {
  let app: AppHarness;
  let anna: SidebarPage;
  let tablePrefix: string;
  beforeEach(async () => {
    tablePrefix = uniqueTableSuffix();
    app = await startApp({ runtime: { tablePrefix } });
    await app.installApp();
    anna = await openSidebar(app, { dialogId: 'chat2' });
  });
  afterEach(() => app.close());
  const chat = () => ({ memberId: app.sim.memberId, chatId: 2 });

  /** The same articles as another instance sees them, `daysLater` days from now. */
  const later = (daysLater: number): ArticleStore =>
    createArticleStore(createTables(app.config.storage), `${tablePrefix}articles`, { nowMs: () => Date.now() + daysLater * day });

  /** Every row key of the chat's partition (what storage holds of it, whatever the app shows). */
  async function rowKeys(): Promise<string[]> {
    const client = await createTables(app.config.storage).table(`${tablePrefix}articles`);
    return (await readRows(client, 'test', `PartitionKey eq '${app.sim.memberId}_2'`, { select: ['RowKey'] })).map((row) => row.rowKey ?? '');
  }

  async function deleted(page: SidebarPage, id: string): Promise<SidebarPage> {
    return act(app, page, 'remove', { id, etag: hiddenField(await act(app, page, 'delete', { id }), 'etag') });
  }

  it('takes a deleted article, leads there from the list, and brings it back with its history', async () => {
    const id = hiddenField(await act(app, anna, 'create', { title: 'VPN', body: 'One', format: 'markdown' }), 'id');
    const editor = await act(app, anna, 'edit', { id });
    await act(app, anna, 'update', { id, etag: hiddenField(editor, 'etag'), title: 'VPN', body: 'Two', format: 'markdown' });
    const list = await deleted(anna, id);
    expect(visibleText(list.body)).toContain('The article is in the trash now. Undo');
    expect(articleIds(list)).toEqual([]);

    const trash = await submit(app, formFields(list, 'trash'));
    expect(visibleText(trash.body)).toMatch(new RegExp(`Trash Deleted articles stay here for ${trashRetentionDays} days, with their history; then they are gone for good\\. Empty trash VPN Deleted by Anna Schmidt on .* Kept until `));
    const restored = await submit(app, formFields(trash, 'untrash'));
    expect(visibleText(restored.body)).toContain('The article is back, with its history.');
    expect(articleIds(await act(app, anna, 'list'))).toEqual([id]);
    expect((await app.runtime.articles.get(chat(), id))?.article.body).toBe('Two');
    expect((await app.runtime.articles.history(chat(), id)).map((version) => version.title)).toEqual(['VPN']);
    expect(visibleText((await act(app, anna, 'trash')).body)).toContain('The trash is empty.');
  });

  it('undoes a delete from its notice, once however often it is sent', async () => {
    const id = hiddenField(await act(app, anna, 'create', { title: 'Oops', body: 'Keep me' }), 'id');
    const list = await deleted(anna, id);
    const undo = formFields(list, 'undo');
    await Promise.all([submit(app, undo), submit(app, undo)]);
    expect(articleIds(await act(app, anna, 'list'))).toEqual([id]);
    expect((await app.runtime.articles.trash(chat())).entries).toEqual([]);
  });

  it('offers Restore only to who may edit the article, and refuses anyone else at that moment', async () => {
    const id = hiddenField(await act(app, anna, 'create', { title: 'Anna’s', body: '' }), 'id');
    await deleted(anna, id);
    const boris = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const borisTrash = await act(app, boris, 'trash');
    expect(visibleText(borisTrash.body)).toContain('Anna’s Deleted by Anna Schmidt');
    expect(borisTrash.body).not.toContain('data-testid="untrash"');
    const restore = formFields(await act(app, anna, 'trash'), 'untrash');
    expect((await submit(app, { ...restore, fields: { ...restore.fields, session: boris.session } })).status).toBe(403);
    // Anna, no longer in the chat, may not either: the portal is asked when she sends it.
    app.sim.removeFromChat('chat2', 1);
    expect((await submit(app, restore)).status).toBe(403);
    expect((await app.runtime.articles.trash(chat())).entries.map((entry) => entry.title)).toEqual(['Anna’s']);
  });

  it('says so when the entry was restored meanwhile, and never restores a made-up one', async () => {
    const id = hiddenField(await act(app, anna, 'create', { title: 'Twice', body: '' }), 'id');
    await deleted(anna, id);
    const trash = await act(app, anna, 'trash');
    await submit(app, formFields(trash, 'untrash'));
    const second = await submit(app, { ...formFields(trash, 'untrash'), fields: { ...formFields(trash, 'untrash').fields, key: 'A'.repeat(22) } });
    expect(visibleText(second.body)).toContain('This article is no longer in the trash.');
    for (const entry of ['', 't', `t${'9'.repeat(26)}00000000`, "t' or RowKey gt '", 's', id]) {
      const answer = await act(app, anna, 'untrash', { entry });
      expect(answer.body).not.toContain('The article is back');
    }
    expect(articleIds(await act(app, anna, 'list'))).toEqual([id]);
  });

  it(`purges an entry ${trashRetentionDays} days after its deletion, with its history, when the trash is next read or written`, async () => {
    const old = hiddenField(await act(app, anna, 'create', { title: 'Old', body: 'a' }), 'id');
    const editor = await act(app, anna, 'edit', { id: old });
    await act(app, anna, 'update', { id: old, etag: hiddenField(editor, 'etag'), title: 'Old', body: 'b' });
    await deleted(anna, old);
    const kept = hiddenField(await act(app, anna, 'create', { title: 'Kept', body: '' }), 'id');
    expect((await rowKeys()).filter((key) => key.includes(old))).toHaveLength(2); // its trash entry and its version

    // A day short: still there, and restorable.
    expect((await later(trashRetentionDays - 1).trash(chat())).entries.map((entry) => entry.title)).toEqual(['Old']);
    // Expired: not shown, not restorable, and purged by reading the trash.
    const expired = later(trashRetentionDays + 1);
    const key = (await app.runtime.articles.trash(chat())).entries[0]!.key;
    expect(await expired.untrash(chat(), key, 1000)).toBeNull();
    expect((await expired.trash(chat())).entries).toEqual([]);
    expect((await rowKeys()).filter((row) => row.includes(old))).toEqual([]);
    expect(articleIds(await act(app, anna, 'list'))).toEqual([kept]);
  });

  it('purges what expired when something is next deleted, a few entries a time', async () => {
    for (let i = 0; i < 7; i++) await deleted(anna, hiddenField(await act(app, anna, 'create', { title: `Old ${i}`, body: '' }), 'id'));
    const expired = later(trashRetentionDays + 1);
    const { article, etag } = await expired.create(chat(), { title: 'New', body: '', authorId: '1', authorName: 'Anna Schmidt', editorId: '1', editorName: 'Anna Schmidt', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }, 1000);
    await expired.delete(chat(), article.id, etag, undefined, { id: '1', name: 'Anna Schmidt' });
    const trashRows = (await rowKeys()).filter((key) => key.startsWith('t'));
    expect(trashRows).toHaveLength(3); // 7 expired, 5 purged by this delete; the new one
    await expired.trash(chat());
    expect((await rowKeys()).filter((key) => key.startsWith('t'))).toHaveLength(1);
  });

  it('goes with an uninstall that deletes the data, versions and all; an uninstall that keeps the data keeps it', async () => {
    const id = hiddenField(await act(app, anna, 'create', { title: 'Edited', body: 'a' }), 'id');
    const editor = await act(app, anna, 'edit', { id });
    await act(app, anna, 'update', { id, etag: hiddenField(editor, 'etag'), title: 'Edited', body: 'b' });
    await deleted(anna, hiddenField(await act(app, anna, 'create', { title: 'Trashed', body: '' }), 'id'));
    const kinds = async () => [...new Set((await rowKeys()).map((key) => key.replace(/[^a-z].*$/, '') || 'article'))].sort();
    expect(await kinds()).toEqual(['article', 'r', 's', 't', 'v']);

    expect((await app.install(app.sim.eventForm('ONAPPUNINSTALL', { clean: false }))).status).toBe(200);
    expect(await kinds()).toEqual(['article', 'r', 's', 't', 'v']);
    app.sim.installed = false;
    await app.installApp();
    expect((await app.install(app.sim.eventForm('ONAPPUNINSTALL', { clean: true }))).status).toBe(200);
    expect(await rowKeys()).toEqual([]);
  });

  it('restores within the chat’s article limit', async () => {
    const id = hiddenField(await act(app, anna, 'create', { title: 'Gone', body: '' }), 'id');
    await deleted(anna, id);
    await act(app, anna, 'create', { title: 'Present', body: '' });
    const key = (await app.runtime.articles.trash(chat())).entries[0]!.key;
    await expect(app.runtime.articles.untrash(chat(), key, 1)).rejects.toMatchObject({ name: 'ArticleLimitError', count: 1 });
    expect((await app.runtime.articles.untrash(chat(), key, 2))?.article.title).toBe('Gone');
  });

  /**
   * `entries` trash entries written straight into storage, deleted `ageMs` ago one millisecond apart, as that
   * many deletions would leave them; with `counted`, the head's tally says so, as those deletions would have
   * written it (without, the head is as an instance of the version before the tally left it).
   */
  async function fillTrash(entries: number, ageMs: number, counted: boolean): Promise<void> {
    const client = await createTables(app.config.storage).table(`${tablePrefix}articles`);
    const pk = `${app.sim.memberId}_2`;
    const oldest = Date.now() - ageMs;
    for (let start = 0; start < entries; start += 100) {
      await client.submitTransaction(
        Array.from({ length: Math.min(100, entries - start) }, (_, k) => {
          const i = start + k;
          const id = `${String(1e12 + i).padStart(13, '0')}0000abcd`;
          return ['create', { partitionKey: pk, rowKey: `t${String(9_999_999_999_999 - (oldest + i)).padStart(13, '0')}${id}`, id, title: `Full ${i}`, authorId: '1', deletedAt: new Date(oldest + i).toISOString() }] as TransactionAction;
        }),
      );
    }
    const { trashCount, trashOldestAt, etag, ...rest } = await client.getEntity<Record<string, unknown>>(pk, 's');
    await client.updateEntity({ ...rest, partitionKey: pk, rowKey: 's', ...(counted ? { trashCount: entries, trashOldestAt: oldest } : {}) }, 'Replace');
  }

  const draft = (i: number) => ({ title: `T${i}`, body: '', authorId: '1', authorName: 'Anna Schmidt', editorId: '1', editorName: 'Anna Schmidt', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
  const by = { id: '1', name: 'Anna Schmidt' };

  it(`holds at most ${maxTrashEntries} entries: more deletions push the oldest out`, async () => {
    const store = app.runtime.articles;
    const { article, etag } = await store.create(chat(), draft(0), 1000);
    await fillTrash(maxTrashEntries, 60_000, true);
    await store.delete(chat(), article.id, etag, undefined, by);
    const trash = (await rowKeys()).filter((key) => key.startsWith('t'));
    expect(trash).toHaveLength(maxTrashEntries);
    expect(trash.some((key) => key.endsWith('10000000000000000abcd'))).toBe(false); // Full 0, the oldest
    expect((await store.trash(chat())).entries[0]?.title).toBe('T0');
  });

  it('counts a trash from before its tally on the next open of the chat, and pushes out what is beyond the limit', async () => {
    await app.runtime.articles.create(chat(), draft(0), 1000);
    await fillTrash(maxTrashEntries + 3, 60_000, false);
    expect(articleIds(await act(app, anna, 'list'))).toHaveLength(1);
    expect((await rowKeys()).filter((key) => key.startsWith('t'))).toHaveLength(maxTrashEntries);
    // Counted now: the next opens read nothing of the trash.
    const counting = countingTables(createTables(app.config.storage));
    await createArticleStore(counting.tables, `${tablePrefix}articles`).page(chat());
    expect(counting.log.reads.map((read) => read.filter)).toEqual([expect.stringContaining("RowKey ge 's'")]);
    expect(counting.log.transactions).toEqual([]);
  });

  it(`purges what expired when the chat is next opened, a few entries at a time, and reads nothing of the trash while nothing is due`, async () => {
    for (let i = 0; i < 7; i++) await deleted(anna, hiddenField(await act(app, anna, 'create', { title: `Old ${i}`, body: '' }), 'id'));
    const kept = hiddenField(await act(app, anna, 'create', { title: 'Kept', body: '' }), 'id');
    const counting = countingTables(createTables(app.config.storage));
    const open = (daysLater: number) => createArticleStore(counting.tables, `${tablePrefix}articles`, { nowMs: () => Date.now() + daysLater * day }).page(chat());

    expect((await open(trashRetentionDays - 1)).articles.map((article) => article.id)).toEqual([kept]);
    expect(counting.log.reads).toHaveLength(1);
    expect(counting.log.transactions).toEqual([]);
    expect((await rowKeys()).filter((key) => key.startsWith('t'))).toHaveLength(7);

    expect((await open(trashRetentionDays + 1)).articles.map((article) => article.id)).toEqual([kept]);
    expect((await rowKeys()).filter((key) => key.startsWith('t'))).toHaveLength(2);
    await open(trashRetentionDays + 1);
    expect((await rowKeys()).filter((key) => key.startsWith('t'))).toEqual([]);
    counting.log.clear();
    await open(trashRetentionDays + 1);
    expect(counting.log.reads).toHaveLength(1);
  });

  it('answers a delete and a trash page when purging the trash fails, and logs the failure', async () => {
    for (let i = 0; i < 2; i++) await deleted(anna, hiddenField(await act(app, anna, 'create', { title: `Old ${i}`, body: '' }), 'id'));
    const { article, etag } = await app.runtime.articles.create(chat(), draft(1), 1000);
    // Storage refuses every purge (a transaction that deletes a trash entry without adding one).
    const tables = createTables(app.config.storage);
    const refusing = {
      async table(name: string) {
        const client = await tables.table(name);
        return new Proxy(client, {
          get(target, property, receiver) {
            if (property !== 'submitTransaction') return Reflect.get(target, property, receiver);
            return (actions: TransactionAction[]) =>
              actions.some(([kind, row]) => kind === 'delete' && String(row.rowKey).startsWith('t')) && !actions.some(([kind]) => kind === 'create')
                ? Promise.reject(Object.assign(new Error('service unavailable'), { statusCode: 503 }))
                : target.submitTransaction(actions);
          },
        });
      },
    };
    const lines: string[] = [];
    const log = createLogger({ info: (line) => lines.push(line), warn: (line) => lines.push(line), error: (line) => lines.push(line) });
    const expired = createArticleStore(refusing, `${tablePrefix}articles`, { nowMs: () => Date.now() + (trashRetentionDays + 1) * day, log });

    const page = await expired.delete(chat(), article.id, etag, undefined, by);
    expect(page).toMatchObject({ total: 0, trashKey: expect.stringMatching(/^t/) });
    expect((await expired.trash(chat())).entries.map((entry) => entry.title)).toEqual(['T1']);
    expect((await rowKeys()).filter((key) => key.startsWith('t'))).toHaveLength(3);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^trash\.purgeFailed memberId=".+" chatId=2 error="AppError" message="storage: purge trash entry failed \(503\)"/);
  });
});
