import { createArticleStore } from '../../shared/storage/articleStore';
import { readRows } from '../../shared/storage/partitionRows';
import { createTables } from '../../shared/storage/tableStorage';
import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, articleIds, formFields, hiddenField, openSidebar, submit, type SidebarPage } from '../support/sidebarDriver';
import { uniqueTableSuffix } from '../support/testStorage';

/** The keys of the versions a history page lists, in order. */
const versionKeys = (page: SidebarPage) => [...page.body.matchAll(/name="version" value="(v\w+)"><button type="submit" class="btn" data-testid="view-version"/g)].map((match) => match[1] ?? '');

describe('deleting for good: a trash entry, an earlier version, the whole trash', () => {
  let app: AppHarness;
  let anna: SidebarPage;
  let tablePrefix: string;
  beforeEach(async () => {
    tablePrefix = uniqueTableSuffix();
    app = await startApp({ runtime: { tablePrefix } });
    await app.installApp();
    anna = await openSidebar(app, { dialogId: 'chat2' }); // the owner of General chat
  });
  afterEach(() => app.close());
  const chat = () => ({ memberId: app.sim.memberId, chatId: 2 });

  /** Every row of the chat's partition as storage holds it, whatever the app shows: keys and every column. */
  async function rawRows(): Promise<Record<string, unknown>[]> {
    const client = await createTables(app.config.storage).table(`${tablePrefix}articles`);
    return readRows(client, 'test', `PartitionKey eq '${app.sim.memberId}_2'`);
  }
  const rawText = async () => JSON.stringify(await rawRows());
  const head = async () => (await rawRows()).find((row) => row.rowKey === 's');

  async function written(page: SidebarPage, title: string, body: string): Promise<string> {
    return hiddenField(await act(app, page, 'create', { title, body, format: 'markdown' }), 'id');
  }
  async function save(page: SidebarPage, id: string, title: string, body: string): Promise<SidebarPage> {
    const editor = await act(app, page, 'edit', { id });
    return act(app, page, 'update', { id, etag: hiddenField(editor, 'etag'), title, body, format: 'markdown' });
  }
  async function trashed(page: SidebarPage, id: string): Promise<void> {
    const removed = await act(app, page, 'remove', { id, etag: hiddenField(await act(app, page, 'delete', { id }), 'etag') });
    expect(removed.status).toBe(200);
  }
  /** The confirmation of "Delete permanently" for the first entry of the trash, as `page`'s user opens it. */
  async function eraseConfirmation(page: SidebarPage): Promise<SidebarPage> {
    const entry = await submit(app, formFields(await act(app, page, 'trash'), 'view-entry'));
    return submit(app, { ...formFields(entry, 'erase'), fields: { ...formFields(entry, 'erase').fields, session: page.session } });
  }

  it('shows a trash entry as it was, read-only, to any member, with Restore and Delete permanently for who may', async () => {
    const id = await written(anna, 'Wifi', 'The password is **hunter2**');
    await trashed(anna, id);
    const entry = await submit(app, formFields(await act(app, anna, 'trash'), 'view-entry'));
    expect(entry.status).toBe(200);
    expect(visibleText(entry.body)).toMatch(/← Trash This article is in the trash: it is shown as it was when it was deleted, and cannot be changed here\. Wifi Written by Anna Schmidt .* Deleted by Anna Schmidt on .* Kept until .* Restore Delete permanently The password is hunter2/);
    expect(entry.body).toContain('<strong>hunter2</strong>');
    expect(entry.body).not.toContain('data-testid="edit"');
    const restored = await submit(app, formFields(entry, 'untrash'));
    expect(visibleText(restored.body)).toContain('The article is back, with its history.');

    await trashed(anna, id);
    const boris = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const borisTrash = await act(app, boris, 'trash');
    expect(borisTrash.body).not.toContain('data-testid="erase"');
    expect(borisTrash.body).not.toContain('data-testid="empty-trash"');
    const borisSees = await act(app, boris, 'trashEntry', { entry: hiddenField(borisTrash, 'entry') });
    expect(visibleText(borisSees.body)).toContain('The password is hunter2');
    expect(borisSees.body).not.toContain('data-testid="untrash"');
    expect(borisSees.body).not.toContain('data-testid="erase"');
    for (const entry of ['', 't', `t${'9'.repeat(26)}00000000`, "t' or RowKey gt '", 's', id]) {
      expect(visibleText((await act(app, anna, 'trashEntry', { entry })).body)).toContain('This article is no longer in the trash.');
    }
  });

  it('deletes a trash entry for good after a confirmation naming it: nothing of it or its history is left in storage', async () => {
    const id = await written(anna, 'Customer list', 'Jane Roe, +49 170 1234567');
    await save(anna, id, 'Customer list', 'Ask sales for it.');
    const kept = await written(anna, 'Kept', 'Still here');
    await trashed(anna, kept);
    await trashed(anna, id);
    expect(await rawText()).toContain('1234567');
    expect((await head())?.trashCount).toBe(2);

    const confirm = await eraseConfirmation(anna);
    expect(visibleText(confirm.body)).toContain('Delete permanently? “Customer list” is deleted for good, with its whole history, for everyone in this chat. This cannot be undone. Delete permanently Cancel');
    const done = await submit(app, formFields(confirm, 'confirm'));
    expect(done.status).toBe(200);
    expect(visibleText(done.body)).toContain('The article and its history are deleted for good.');
    expect(visibleText(done.body)).not.toContain('Customer list');

    const rows = await rawRows();
    expect(rows.filter((row) => String(row.rowKey).includes(id) || row.id === id)).toEqual([]);
    expect(JSON.stringify(rows)).not.toContain('1234567');
    expect(JSON.stringify(rows)).not.toContain('Customer list');
    expect((await head())?.trashCount).toBe(1);
    expect((await app.runtime.articles.trash(chat())).entries.map((entry) => entry.title)).toEqual(['Kept']);
  });

  it('lets the author delete their own article for good, the chat’s managers anyone’s, and refuses everyone else', async () => {
    const boris = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    await trashed(anna, await written(anna, 'Anna’s', 'a'));
    const annasEntry = formFields(await eraseConfirmation(anna), 'confirm');
    // Boris, a member: no button, and refused when he sends the form anyway, the confirmation too.
    expect((await act(app, boris, 'confirmErase', { entry: annasEntry.fields.entry! })).status).toBe(403);
    expect((await submit(app, { ...annasEntry, fields: { ...annasEntry.fields, session: boris.session } })).status).toBe(403);
    expect((await app.runtime.articles.trash(chat())).entries).toHaveLength(1);

    // His own article: he may.
    await trashed(boris, await written(boris, 'Boris’s', 'b'));
    const own = await submit(app, formFields(await eraseConfirmation(boris), 'confirm'));
    expect(visibleText(own.body)).toContain('The article and its history are deleted for good.');
    expect((await app.runtime.articles.trash(chat())).entries.map((entry) => entry.title)).toEqual(['Anna’s']);

    // Made a manager: Anna's too, asked of the portal when he sends it.
    app.sim.setChatRole('chat2', 2, 'manager');
    expect((await submit(app, { ...annasEntry, fields: { ...annasEntry.fields, session: boris.session } })).status).toBe(200);
    expect((await app.runtime.articles.trash(chat())).entries).toEqual([]);
    expect((await head())?.trashCount).toBe(0);
  });

  it('asks the portal at the moment of the delete: a member removed from the chat, or a demoted manager, deletes nothing', async () => {
    await trashed(anna, await written(anna, 'Anna’s', 'a'));
    app.sim.setChatRole('chat2', 2, 'manager');
    const asManager = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const form = formFields(await eraseConfirmation(asManager), 'confirm');
    app.sim.setChatRole('chat2', 2, 'member');
    expect((await submit(app, form)).status).toBe(403);

    const own = await written(anna, 'Own', 'o');
    const history = await save(anna, own, 'Own', 'p').then(() => act(app, anna, 'history', { id: own }));
    const versionForm = formFields(await submit(app, formFields(history, 'erase-version')), 'confirm');
    const emptyForm = formFields(await submit(app, formFields(await act(app, anna, 'trash'), 'empty-trash')), 'confirm');
    const annasForm = formFields(await eraseConfirmation(anna), 'confirm');
    app.sim.removeFromChat('chat2', 1);
    for (const refused of [annasForm, versionForm, emptyForm]) {
      const answer = await submit(app, refused);
      expect({ action: refused.action, status: answer.status }).toEqual({ action: refused.action, status: 403 });
      expect(visibleText(answer.body)).toContain('You are not a member of this chat');
    }
    expect((await app.runtime.articles.trash(chat())).entries).toHaveLength(1);
    expect(await app.runtime.articles.history(chat(), own)).toHaveLength(1);
  });

  it('deletes once when the same form is sent twice, and says so both times', async () => {
    await trashed(anna, await written(anna, 'Twice', 't'));
    await trashed(anna, await written(anna, 'Other', 'o'));
    const form = formFields(await eraseConfirmation(anna), 'confirm');
    const answers = await Promise.all([submit(app, form), submit(app, form)]);
    for (const answer of [...answers, await submit(app, form)]) {
      expect(answer.status).toBe(200);
      expect(visibleText(answer.body)).toContain('The article and its history are deleted for good.');
    }
    expect((await app.runtime.articles.trash(chat())).entries.map((entry) => entry.title)).toEqual(['Twice']);
    expect((await head())?.trashCount).toBe(1);
    // A fresh form for an entry gone meanwhile says so.
    const again = await submit(app, { ...form, fields: { ...form.fields, key: 'A'.repeat(22) } });
    expect(visibleText(again.body)).toContain('This article is no longer in the trash.');
  });

  it('keeps the trash’s tally right when two instances delete for good at once, the same entry and different ones', async () => {
    const other = createArticleStore(createTables(app.config.storage), `${tablePrefix}articles`);
    for (const title of ['A', 'B', 'C', 'D']) await trashed(anna, await written(anna, title, title));
    const keys = (await app.runtime.articles.trash(chat())).entries.map((entry) => entry.key);
    const outcomes = await Promise.all([
      app.runtime.articles.eraseTrashed(chat(), keys[0]!),
      other.eraseTrashed(chat(), keys[0]!),
      app.runtime.articles.eraseTrashed(chat(), keys[1]!),
      other.eraseTrashed(chat(), keys[2]!),
    ]);
    expect(outcomes.slice(0, 2).sort()).toEqual([false, true]);
    expect(outcomes.slice(2)).toEqual([true, true]);
    expect((await other.trash(chat())).entries.map((entry) => entry.title)).toEqual(['A']);
    expect(await head()).toMatchObject({ trashCount: 1 });
  });

  it('deletes an earlier version for good after a confirmation, never the current one, and once when sent twice', async () => {
    const id = await written(anna, 'Server', 'root password: s3cret');
    await save(anna, id, 'Server', 'Ask the admin.');
    await save(anna, id, 'Server', 'Ask the admin, room 2.');
    const history = await act(app, anna, 'history', { id });
    const [, secret] = versionKeys(history);
    const view = await act(app, anna, 'version', { id, version: secret! });
    const confirm = await submit(app, formFields(view, 'erase-version'));
    expect(visibleText(confirm.body)).toMatch(/Delete this version\? This earlier version of “Server”, saved by Anna Schmidt on .*, is deleted for good, for everyone in this chat\. This cannot be undone\. The current version and the other versions stay\./);
    const form = formFields(confirm, 'confirm');
    const [first, second] = await Promise.all([submit(app, form), submit(app, form)]);
    for (const answer of [first, second]) expect(visibleText(answer.body)).toContain('The version is deleted for good.');
    expect(versionKeys(first)).toHaveLength(1);

    const rows = await rawRows();
    expect(rows.some((row) => row.rowKey === secret)).toBe(false);
    expect(JSON.stringify(rows)).not.toContain('s3cret');
    expect(visibleText((await act(app, anna, 'open', { id })).body)).toContain('History (1)');
    // The current version is not a version to delete: the article stays as it is.
    const current = await act(app, anna, 'eraseVersion', { id, version: id });
    expect(visibleText(current.body)).toContain('This version is no longer kept.');
    expect((await app.runtime.articles.get(chat(), id))?.article).toMatchObject({ body: 'Ask the admin, room 2.', versionCount: 1 });
    // Saving again counts on from the versions that are left.
    await save(anna, id, 'Server', 'Room 3.');
    expect(await app.runtime.articles.history(chat(), id)).toHaveLength(2);
    expect((await app.runtime.articles.get(chat(), id))?.article.versionCount).toBe(2);
  });

  it('lets only who may edit the article delete a version', async () => {
    const id = await written(anna, 'Rules', 'One');
    await save(anna, id, 'Rules', 'Two');
    const boris = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const borisSees = await act(app, boris, 'history', { id });
    expect(borisSees.body).not.toContain('data-testid="erase-version"');
    const [key] = versionKeys(borisSees);
    expect((await act(app, boris, 'confirmEraseVersion', { id, version: key! })).status).toBe(403);
    expect((await act(app, boris, 'eraseVersion', { id, version: key! })).status).toBe(403);
    expect(await app.runtime.articles.history(chat(), id)).toHaveLength(1);
  });

  it('empties the trash for the chat’s owner and managers only, keeping what was deleted after the confirmation', async () => {
    for (const title of ['A', 'B', 'C']) {
      const id = await written(anna, title, `${title} text`);
      await save(anna, id, title, `${title} again`);
      await trashed(anna, id);
    }
    const boris = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    expect((await act(app, boris, 'confirmEmptyTrash')).status).toBe(403);
    expect((await act(app, boris, 'emptyTrash', { entry: hiddenField(await act(app, anna, 'trash'), 'entry') })).status).toBe(403);

    const confirm = await submit(app, formFields(await act(app, anna, 'trash'), 'empty-trash'));
    expect(visibleText(confirm.body)).toContain('Empty the trash? Every article in the trash now (3) is deleted for good, with its whole history, for everyone in this chat. This cannot be undone.');
    const late = await written(boris, 'Deleted since', 'x');
    await trashed(boris, late);
    const form = formFields(confirm, 'confirm');
    const [emptied] = await Promise.all([submit(app, form), submit(app, form)]);
    expect(visibleText(emptied.body)).toContain('The trash is emptied: its articles and their history are deleted for good.');
    expect((await app.runtime.articles.trash(chat())).entries.map((entry) => entry.title)).toEqual(['Deleted since']);
    const rows = await rawRows();
    expect(rows.map((row) => String(row.rowKey)).filter((key) => /^[tv]/.test(key))).toEqual([expect.stringMatching(new RegExp(`^t\\d{13}${late}$`))]);
    expect(JSON.stringify(rows)).not.toMatch(/[ABC] (text|again)/);
    expect(await head()).toMatchObject({ trashCount: 1 });
    expect(articleIds(await act(app, anna, 'list'))).toEqual([]);
  });

  it('empties a large trash a bounded part per request, saying that more is left, with the count right at each step', async () => {
    for (const title of ['A', 'B', 'C']) await trashed(anna, await written(anna, title, `${title} text`));
    const newest = hiddenField(await act(app, anna, 'trash'), 'entry');
    expect(await app.runtime.articles.emptyTrash(chat(), newest, 2)).toEqual({ erased: 2, more: true });
    expect((await app.runtime.articles.trash(chat())).entries.map((entry) => entry.title)).toEqual(['A']);
    expect(await head()).toMatchObject({ trashCount: 1 });
    expect(await app.runtime.articles.emptyTrash(chat(), newest, 2)).toEqual({ erased: 1, more: false });
    expect(await head()).toMatchObject({ trashCount: 0 });
  });
});
