import { writeLegacyArticles } from '../../local/legacyArticles';
import { createTables } from '../../shared/storage/tableStorage';
import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, articleIds, createArticle, hiddenField, openSidebar } from '../support/sidebarDriver';

describe('the chat knowledge base', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
  });
  afterEach(() => app.close());

  it('greets an empty chat with an empty state and a “Write the first article” action', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    expect(page.body).toContain('data-testid="empty-state"');
    expect(visibleText(page.body)).toContain('Write the first article');
    // One way to start, not "+ New" beside it as well.
    expect(page.body.match(/action="\/api\/placement\/new"/g)).toHaveLength(1);
    const editor = await act(app, page, 'new');
    expect(editor.status).toBe(200);
    expect(editor.body).toContain('data-testid="article-form"');
  });

  it('writes an article and lists the chat’s articles newest change first, with excerpt, author and time', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const saved = await act(app, page, 'create', { title: 'VPN setup', body: 'Install the client.\nThen log in with your portal account.' });
    expect(saved.status).toBe(200);
    expect(visibleText(saved.body)).toMatch(/Article saved\..*VPN setup.*Written by Anna Schmidt/);
    const first = hiddenField(saved, 'id');
    const second = await createArticle(app, page, 'Holidays 2027', 'The office is closed from Dec 24 to Jan 2.');

    const list = await act(app, page, 'list');
    expect(articleIds(list)).toEqual([second, first]);
    expect(visibleText(list.body)).toMatch(/2 articles.*Holidays 2027.*The office is closed from Dec 24 to Jan 2\. Anna Schmidt changed just now.*VPN setup.*Install the client\. Then log in/);

    const edit = await act(app, list, 'edit', { id: first });
    await act(app, edit, 'update', { id: first, etag: hiddenField(edit, 'etag'), title: 'VPN setup (2027)', body: 'New client.' });
    expect(articleIds(await act(app, page, 'list'))).toEqual([first, second]);
  });

  it('shows the same articles to every member and when the sidebar is opened again', async () => {
    const anna = await openSidebar(app, { dialogId: 'chat2' });
    const id = await createArticle(app, anna, 'Where is the printer?', 'Second floor, room 204.');
    const boris = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    expect(articleIds(boris)).toEqual([id]);
    const elsewhere = await openSidebar(app, { dialogId: 'chat5' });
    expect(articleIds(elsewhere)).toEqual([]);
  });

  it('opens an article with line breaks kept and only http(s) links clickable', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const id = await createArticle(app, page, 'Links', 'Docs: https://example.com/a?b=1&c=2.\nNot this: javascript:alert(1)\n(see http://example.org/x_(y))');
    const article = await act(app, page, 'open', { id });
    expect(article.body).toContain('<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">https://example.com/a?b=1&amp;c=2</a>.');
    expect(article.body).toContain('<a href="http://example.org/x_(y)"');
    expect(article.body).not.toContain('href="javascript');
    expect(article.body).toMatch(/class="article-body text"[^>]*>Docs: .*\nNot this: javascript:alert\(1\)\n/);
  });

  it('takes the Unicode line and paragraph separators as line breaks, and in the one-line title as spaces', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const saved = await act(app, page, 'create', { title: 'One\u2028two\u2029three', body: 'a\u2028b\u2029c' });
    expect(saved.status).toBe(200);
    const stored = await app.runtime.articles.get({ memberId: app.sim.memberId, chatId: 2 }, hiddenField(saved, 'id'));
    expect(stored?.article).toMatchObject({ title: 'One two three', body: 'a\nb\nc' });
  });

  it('stores hostile and unusual text exactly and shows it as text', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const title = '<img src=x onerror=alert(1)> Привет 👋 \u202Eevil\u202C';
    const body = `<script>alert(1)</script>\n${'x'.repeat(500)}\nСъешь же ещё этих мягких французских булок 🍞`;
    const id = await createArticle(app, page, title, body);
    const stored = await app.runtime.articles.get({ memberId: app.sim.memberId, chatId: 2 }, id);
    expect(stored?.article).toMatchObject({ title, body });
    const article = await act(app, page, 'open', { id });
    expect(article.body).not.toContain('<img src=x');
    expect(article.body).not.toContain('<script>alert(1)');
    expect(article.body).toContain('&lt;img src=x onerror=alert(1)&gt; Привет 👋 \u202Eevil\u202C');
    expect(visibleText(article.body)).toContain('Съешь же ещё этих мягких французских булок 🍞');
  });

  it('searches title and body, case-insensitively in Cyrillic and Latin, keeping the query in the box', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2', lang: 'ru' });
    const vpn = await createArticle(app, page, 'Настройка VPN', 'Клиент скачать на портале.');
    const ёлка = await createArticle(app, page, 'Новогодняя ёлка', 'В холле, 25 декабря.');
    await createArticle(app, page, 'Printer', 'Room 204.');

    const byTitle = await act(app, page, 'list', { q: 'vpn' });
    expect(articleIds(byTitle)).toEqual([vpn]);
    expect(byTitle.body).toContain('value="vpn"');
    expect(visibleText(byTitle.body)).toContain('Найдена 1 статья');
    expect(articleIds(await act(app, page, 'list', { q: 'КЛИЕНТ' }))).toEqual([vpn]);
    expect(articleIds(await act(app, page, 'list', { q: 'елка' }))).toEqual([ёлка]);
    expect(articleIds(await act(app, page, 'list', { q: 'ROOM' }))).toHaveLength(1);
    const none = await act(app, page, 'list', { q: 'nothing like this' });
    expect(articleIds(none)).toEqual([]);
    expect(visibleText(none.body)).toContain('По запросу «nothing like this» ничего не найдено.');
  });

  it('keeps the input and explains localized form errors for empty or over-long fields', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2', lang: 'de' });
    const empty = await act(app, page, 'create', { title: '   ', body: 'kept body' });
    expect(empty.status).toBe(400);
    expect(visibleText(empty.body)).toContain('Geben Sie einen Titel ein.');
    expect(empty.body).toContain('>kept body</textarea>');

    const long = await act(app, page, 'create', { title: 'ä'.repeat(201), body: 'б'.repeat(20_001) });
    expect(long.status).toBe(400);
    expect(visibleText(long.body)).toContain('Der Titel darf höchstens 200 Zeichen haben (jetzt 201).');
    expect(visibleText(long.body)).toContain('Der Text darf höchstens 20.000 Zeichen haben (jetzt 20.001).');
    expect(long.body).toContain(`value="${'ä'.repeat(201)}"`);
    expect((await app.runtime.articles.page({ memberId: app.sim.memberId, chatId: 2 })).total).toBe(0);

    const exact = await act(app, page, 'create', { title: '😀'.repeat(200), body: 'б'.repeat(20_000) });
    expect(exact.status).toBe(200);
  });

  it('lets the author, the chat owner and managers edit and delete, hides the actions from others and refuses them', async () => {
    const boris = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const anna = await openSidebar(app, { dialogId: 'chat2', userId: 1 }); // owner and manager of chat2
    const annas = await createArticle(app, anna, 'Anna’s rules');
    const borisOwn = await createArticle(app, boris, 'Boris’s tips');

    const viewAsBoris = await act(app, boris, 'open', { id: annas });
    expect(viewAsBoris.body).not.toContain('data-testid="edit"');
    expect(viewAsBoris.body).not.toContain('data-testid="delete"');
    expect(viewAsBoris.body).toContain('data-testid="post"');
    expect((await act(app, boris, 'edit', { id: annas })).status).toBe(403);
    expect((await act(app, boris, 'update', { id: annas, etag: '*', title: 'taken over', body: '' })).status).toBe(403);
    expect((await act(app, boris, 'delete', { id: annas })).status).toBe(403);
    expect((await act(app, boris, 'remove', { id: annas, etag: '*' })).status).toBe(403);
    expect((await app.runtime.articles.get({ memberId: app.sim.memberId, chatId: 2 }, annas))?.article.title).toBe('Anna’s rules');

    expect((await act(app, boris, 'open', { id: borisOwn })).body).toContain('data-testid="edit"');
    const ownerEdits = await act(app, anna, 'edit', { id: borisOwn });
    expect(ownerEdits.status).toBe(200);
    const saved = await act(app, anna, 'update', { id: borisOwn, etag: hiddenField(ownerEdits, 'etag'), title: 'Boris’s tips (checked)', body: 'ok' });
    expect(visibleText(saved.body)).toMatch(/Written by Boris Ivanov.*Last changed by Anna Schmidt/);
  });

  it('does not let two people silently overwrite each other: the second sees both versions', async () => {
    const anna = await openSidebar(app, { dialogId: 'chat2' });
    const id = await createArticle(app, anna, 'Office hours', '9 to 5');
    const first = await act(app, anna, 'edit', { id });
    const second = await act(app, anna, 'edit', { id });
    expect((await act(app, anna, 'update', { id, etag: hiddenField(first, 'etag'), title: 'Office hours', body: '8 to 4' })).status).toBe(200);

    const conflict = await act(app, anna, 'update', { id, etag: hiddenField(second, 'etag'), title: 'Office hours', body: '10 to 6' });
    expect(conflict.status).toBe(409);
    expect(visibleText(conflict.body)).toMatch(/This article was changed meanwhile.*Their version Office hours 8 to 4.*Your version/);
    expect(conflict.body).toContain('>10 to 6</textarea>');
    expect((await app.runtime.articles.get({ memberId: app.sim.memberId, chatId: 2 }, id))?.article.body).toBe('8 to 4');

    const resolved = await act(app, anna, 'update', { id, etag: hiddenField(conflict, 'etag'), title: 'Office hours', body: '10 to 6' });
    expect(resolved.status).toBe(200);
    expect((await app.runtime.articles.get({ memberId: app.sim.memberId, chatId: 2 }, id))?.article.body).toBe('10 to 6');
  });

  it('deletes only after a confirmation step', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const id = await createArticle(app, page, 'Old news');
    const confirm = await act(app, page, 'delete', { id });
    expect(visibleText(confirm.body)).toContain('Delete this article? “Old news” goes to the chat’s trash for everyone in this chat. It stays there for 30 days and can be restored until then.');
    expect(await app.runtime.articles.get({ memberId: app.sim.memberId, chatId: 2 }, id)).not.toBeNull();

    const done = await act(app, page, 'remove', { id, etag: hiddenField(confirm, 'etag') });
    expect(visibleText(done.body)).toContain('The article is in the trash now.');
    expect(await app.runtime.articles.get({ memberId: app.sim.memberId, chatId: 2 }, id)).toBeNull();
    expect((await act(app, page, 'open', { id })).status).toBe(404);
  });

  it('posts an article into the chat as the user and says so', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const id = await createArticle(app, page, 'VPN setup', 'Install the client, then log in.');
    const posted = await act(app, page, 'post', { id });
    expect(posted.status).toBe(200);
    expect(visibleText(posted.body)).toContain('Posted to the chat.');
    expect(app.sim.messages).toEqual([
      expect.objectContaining({
        dialogId: 'chat2',
        userId: 2,
        message: 'From the chat’s knowledge base: [B]VPN setup[/B]',
        attach: expect.objectContaining({ BLOCKS: expect.arrayContaining([{ MESSAGE: 'Install the client, then log in.' }]) }),
      }),
    ]);
  });

  it('still posts from a sidebar left open until the user’s token expired, refreshing and rotating it once', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const id = await createArticle(app, page, 'Two hours later');
    const before = await app.runtime.userTokens.get(app.sim.memberId, '2');
    app.sim.expireAccessTokens();
    const refreshesBefore = app.sim.stats.refreshes;

    expect(visibleText((await act(app, page, 'post', { id })).body)).toContain('Posted to the chat.');
    expect(app.sim.stats.refreshes - refreshesBefore).toBe(1);
    const after = await app.runtime.userTokens.get(app.sim.memberId, '2');
    expect(after?.tokens.refreshToken).not.toBe(before?.tokens.refreshToken);
    expect(after?.tokens.refreshToken).toBe(app.sim.lastIssuedRefreshToken(2));
    expect(app.sim.messages).toHaveLength(1);
  });

  it('shows a clear error when Bitrix24 no longer accepts the user’s tokens, and posts nothing', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const id = await createArticle(app, page, 'Refused');
    app.sim.revokeApp();
    const answer = await act(app, page, 'post', { id });
    // The write check asks the portal first, with the same tokens: it refuses, so nothing is sent.
    expect(answer.status).toBe(401);
    expect(visibleText(answer.body)).toContain('Bitrix24 did not accept this session');
    expect(app.sim.messages).toEqual([]);
  });

  it('answers a missing, forged, expired or other-dialog session with 401 and changes nothing', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const other = await openSidebar(app, { dialogId: 'chat5' });
    const forged = `${page.session.split('.')[0]}.${'A'.repeat(43)}`;
    for (const session of [{ session: '', dialog: 'chat2' }, { session: forged, dialog: 'chat2' }, { session: other.session, dialog: 'chat2' }, { session: 'x', dialog: 'chat2' }]) {
      const answer = await act(app, session, 'create', { title: 'should not exist' });
      expect(answer.status).toBe(401);
      expect(visibleText(answer.body)).toContain('Your session has ended');
    }
    const expiredApp = await startApp({ runtime: { now: () => Math.floor(Date.now() / 1000) + 5 * 3600 }, config: { storage: app.config.storage } });
    try {
      expect((await act(expiredApp, page, 'create', { title: 'late' })).status).toBe(401);
    } finally {
      await expiredApp.close();
    }
    expect((await app.runtime.articles.page({ memberId: app.sim.memberId, chatId: 2 })).total).toBe(0);
  });

  it('answers unknown actions, bad ids and ids of another chat with 404, touching nothing', async () => {
    const chat2 = await openSidebar(app, { dialogId: 'chat2' });
    const chat5 = await openSidebar(app, { dialogId: 'chat5' });
    const id = await createArticle(app, chat5, 'Only in chat5');
    expect((await act(app, chat2, 'drop-table')).status).toBe(404);
    expect((await act(app, chat2, 'constructor')).status).toBe(404);
    for (const bad of ['', '../x', "1' or '1'='1", '9'.repeat(21), id]) {
      expect((await act(app, chat2, 'open', { id: bad })).status).toBe(404);
      expect((await act(app, chat2, 'remove', { id: bad, etag: '*' })).status).toBe(404);
    }
    expect(await app.runtime.articles.get({ memberId: app.sim.memberId, chatId: 5 }, id)).not.toBeNull();
  });

  it('stops at 1,000 articles per chat with a clear message, keeping what was typed', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const chat = { memberId: app.sim.memberId, chatId: 2 };
    const drafts = Array.from({ length: 1000 }, (_, i) => ({ title: `Article ${i}`, body: '', authorId: '1', authorName: 'Anna', editorId: '1', editorName: 'Anna', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }));
    await writeLegacyArticles(await createTables(app.config.storage).table(`${app.tablePrefix}articles`), chat, drafts);
    const answer = await act(app, page, 'create', { title: 'One too many', body: 'typed text' });
    expect(answer.status).toBe(409);
    expect(visibleText(answer.body)).toContain('This chat already has 1,000 articles');
    expect(answer.body).toContain('value="One too many"');
    expect((await app.runtime.articles.page(chat)).total).toBe(1000);
  });

  it('deletes the portal’s articles and tokens on uninstall with CLEAN=1, and keeps articles for a reinstall with CLEAN=0', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const id = await createArticle(app, page, 'Survives a reinstall');
    expect(await app.runtime.userTokens.get(app.sim.memberId, '1')).not.toBeNull();

    expect((await app.install(app.sim.eventForm('ONAPPUNINSTALL', { clean: false }))).status).toBe(200);
    expect(await app.runtime.userTokens.get(app.sim.memberId, '1')).toBeNull();
    await app.installApp();
    expect(articleIds(await openSidebar(app, { dialogId: 'chat2' }))).toEqual([id]);

    expect((await app.install(app.sim.eventForm('ONAPPUNINSTALL', { clean: true }))).status).toBe(200);
    expect(await app.runtime.userTokens.get(app.sim.memberId, '1')).toBeNull();
    expect((await app.runtime.articles.page({ memberId: app.sim.memberId, chatId: 2 })).total).toBe(0);
  });
});
