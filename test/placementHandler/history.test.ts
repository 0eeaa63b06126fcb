import { keptVersions } from '../../shared/storage/articleStore';
import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, formFields, hiddenField, openSidebar, submit, type SidebarPage } from '../support/sidebarDriver';

/** The keys of the versions a history page lists, in order. */
const versionKeys = (page: SidebarPage) => [...page.body.matchAll(/name="version" value="(v\w+)"><button type="submit" class="btn" data-testid="view-version"/g)].map((match) => match[1]);

describe('an article’s history', () => {
  let app: AppHarness;
  let anna: SidebarPage;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
    anna = await openSidebar(app, { dialogId: 'chat2' });
  });
  afterEach(() => app.close());
  const chat = () => ({ memberId: app.sim.memberId, chatId: 2 });

  /** Saves the article again through its editor, as `page`'s user. */
  async function save(page: SidebarPage, id: string, title: string, body: string): Promise<SidebarPage> {
    const editor = await act(app, page, 'edit', { id });
    return act(app, page, 'update', { id, etag: hiddenField(editor, 'etag'), title, body, format: 'markdown' });
  }

  async function written(page: SidebarPage, title: string, body: string): Promise<string> {
    return hiddenField(await act(app, page, 'create', { title, body, format: 'markdown' }), 'id');
  }

  it('keeps every version a save replaces, with who saved and replaced it and when, newest first, each viewable', async () => {
    const id = await written(anna, 'VPN', 'First **draft**');
    await save(anna, id, 'VPN setup', 'Second draft');
    const boris = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    app.sim.setChatRole('chat2', 2, 'manager');
    const borisAsManager = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    await save(borisAsManager, id, 'VPN setup (2027)', 'Third');

    const history = await act(app, boris, 'history', { id });
    expect(history.status).toBe(200);
    expect(visibleText(history.body)).toMatch(
      /History .* VPN setup \(2027\) · Current version Saved by Boris Ivanov on .* VPN setup Saved by Anna Schmidt on .* replaced by Boris Ivanov on .* VPN Saved by Anna Schmidt on .* replaced by Anna Schmidt on /,
    );
    const [second, first] = versionKeys(history);
    const oldest = await act(app, boris, 'version', { id, version: first! });
    expect(oldest.body).toContain('<h2 class="article-title user-text" dir="auto" data-testid="version-title">VPN</h2>');
    expect(oldest.body).toMatch(/data-testid="version-body"><p>First <strong>draft<\/strong><\/p>/);
    expect(second).toMatch(/^v/);
    // Reading the history changed nothing.
    expect((await app.runtime.articles.get(chat(), id))?.article.title).toBe('VPN setup (2027)');
  });

  it('leads back to the article by its title, a long one cut between characters (never half an emoji)', async () => {
    const id = await written(anna, '\u{1F600}'.repeat(100), 'Text');
    const history = await act(app, anna, 'history', { id });
    expect(/data-testid="back">([^<]*)<\/button>/.exec(history.body)?.[1]).toBe(`← ${'\u{1F600}'.repeat(60)}…`);
  });

  it('restores an earlier version as a new one, so that the restore can itself be undone; a form sent twice restores once', async () => {
    const id = await written(anna, 'Office hours', '9 to 5');
    await save(anna, id, 'Office hours', '10 to 6');
    const history = await act(app, anna, 'history', { id });
    const restore = formFields(history, 'restore-version');
    const [restored, again] = await Promise.all([submit(app, restore), submit(app, restore)]);
    expect(visibleText(restored.body)).toContain('The earlier version is the current one again.');
    expect(again.status).toBe(200);
    expect((await app.runtime.articles.get(chat(), id))?.article.body).toBe('9 to 5');
    expect(await app.runtime.articles.history(chat(), id)).toHaveLength(2);

    // Undo the restore: the version it replaced is first in the history now.
    const after = await act(app, anna, 'history', { id });
    expect(visibleText(after.body)).toMatch(/Office hours · Current version .* Office hours Saved by Anna Schmidt .* Office hours Saved by Anna Schmidt/);
    await submit(app, formFields(after, 'restore-version'));
    expect((await app.runtime.articles.get(chat(), id))?.article.body).toBe('10 to 6');
  });

  it('lets only who may edit the article restore it: others see no Restore, and are refused if they send it anyway', async () => {
    const id = await written(anna, 'Rules', 'One');
    await save(anna, id, 'Rules', 'Two');
    const boris = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const borisSees = await act(app, boris, 'history', { id });
    expect(versionKeys(borisSees)).toHaveLength(1);
    expect(borisSees.body).not.toContain('data-testid="restore-version"');
    const annaSees = await act(app, anna, 'history', { id });
    const restore = formFields(annaSees, 'restore-version');
    const refused = await submit(app, { ...restore, fields: { ...restore.fields, session: boris.session } });
    expect(refused.status).toBe(403);
    expect((await app.runtime.articles.get(chat(), id))?.article.body).toBe('Two');
  });

  it('asks the portal at that moment: an author who left the chat restores nothing', async () => {
    const boris = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const id = await written(boris, 'Mine', 'One');
    await save(boris, id, 'Mine', 'Two');
    const history = await act(app, boris, 'history', { id });
    app.sim.removeFromChat('chat2', 2);
    const answer = await submit(app, formFields(history, 'restore-version'));
    expect(answer.status).toBe(403);
    expect((await app.runtime.articles.get(chat(), id))?.article.body).toBe('Two');
  });

  it('shows the history again, as it is now, when the article was saved since the page showed it', async () => {
    const id = await written(anna, 'Menu', 'Soup');
    await save(anna, id, 'Menu', 'Salad');
    const history = await act(app, anna, 'history', { id });
    await save(anna, id, 'Menu', 'Pasta');
    const answer = await submit(app, formFields(history, 'restore-version'));
    expect(visibleText(answer.body)).toContain('This article was changed meanwhile');
    expect(versionKeys(answer)).toHaveLength(2);
    expect((await app.runtime.articles.get(chat(), id))?.article.body).toBe('Pasta');
  });

  it(`keeps the last ${keptVersions} versions of an article`, async () => {
    const { article, etag } = await app.runtime.articles.create(
      chat(),
      { title: 'Counter', body: '0', format: 'text', authorId: '1', authorName: 'Anna Schmidt', editorId: '1', editorName: 'Anna Schmidt', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
      1000,
    );
    let current = { article, etag };
    for (let i = 1; i <= keptVersions + 5; i++) {
      const next = { ...current.article, body: String(i), updatedAt: new Date(Date.parse('2026-01-01T00:00:00.000Z') + i * 60_000).toISOString() };
      current = await app.runtime.articles.update(chat(), current.article, next, current.etag);
    }
    const versions = await app.runtime.articles.history(chat(), article.id);
    expect(versions).toHaveLength(keptVersions);
    const bodies = await Promise.all(versions.map(async (version) => (await app.runtime.articles.version(chat(), article.id, version.key))?.article.body));
    expect(bodies).toEqual(Array.from({ length: keptVersions }, (_, i) => String(keptVersions + 4 - i)));
  });

  it('says so when a version is no longer kept, and finds no version of another article', async () => {
    const id = await written(anna, 'A', 'a');
    await save(anna, id, 'A', 'b');
    const other = await written(anna, 'B', 'x');
    const [key] = versionKeys(await act(app, anna, 'history', { id }));
    const elsewhere = await act(app, anna, 'version', { id: other, version: key! });
    expect(visibleText(elsewhere.body)).toContain('This version is no longer kept.');
    for (const version of ['', 'v', `${key!}x`, "v' or RowKey gt '", 's']) {
      const answer = await act(app, anna, 'version', { id, version });
      expect(answer.body).not.toContain('data-testid="version-view"');
    }
  });
});
