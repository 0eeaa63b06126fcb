import type { TransactionAction } from '@azure/data-tables';
import { createArticleStore, maxTrashEntries, trashRetentionDays, type ArticleStore } from '../../shared/storage/articleStore';
import { createTables } from '../../shared/storage/tableStorage';
import { readRows } from '../../shared/storage/partitionRows';
import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, articleIds, formFields, hiddenField, openSidebar, submit, type SidebarPage } from '../support/sidebarDriver';
import { uniqueTableSuffix } from '../support/testStorage';

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
    expect(visibleText(trash.body)).toMatch(new RegExp(`Trash Deleted articles stay here for ${trashRetentionDays} days, with their history; then they are gone for good\\. VPN Deleted by Anna Schmidt on .* Kept until `));
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

  it(`holds at most ${maxTrashEntries} entries: more deletions push the oldest out`, async () => {
    const store = app.runtime.articles;
    const by = { id: '1', name: 'Anna Schmidt' };
    const draft = (i: number) => ({ title: `T${i}`, body: '', authorId: '1', authorName: 'Anna Schmidt', editorId: '1', editorName: 'Anna Schmidt', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
    // A full trash written straight into storage (as a thousand deletions would leave it), then one more deletion.
    const client = await createTables(app.config.storage).table(`${tablePrefix}articles`);
    const pk = `${app.sim.memberId}_2`;
    for (let start = 0; start < maxTrashEntries; start += 100) {
      await client.submitTransaction(
        Array.from({ length: 100 }, (_, k) => {
          const i = start + k;
          const id = `${String(1e12 + i).padStart(13, '0')}0000abcd`;
          return ['create', { partitionKey: pk, rowKey: `t${String(9_999_999_999_999 - (Date.now() - 1000 + i)).padStart(13, '0')}${id}`, id, title: `Full ${i}`, authorId: '1', deletedAt: new Date().toISOString() }] as TransactionAction;
        }),
      );
    }
    const { article, etag } = await store.create(chat(), draft(0), 1000);
    await store.delete(chat(), article.id, etag, undefined, by);
    const trash = (await rowKeys()).filter((key) => key.startsWith('t'));
    expect(trash).toHaveLength(maxTrashEntries);
    expect((await store.trash(chat())).entries[0]?.title).toBe('T0');
  });
});
