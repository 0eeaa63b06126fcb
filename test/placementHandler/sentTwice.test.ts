import { writeLegacyArticles } from '../../local/legacyArticles';
import { createTables } from '../../shared/storage/tableStorage';
import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, createArticle, formFields, hiddenField, openSidebar, submit, type SidebarPage } from '../support/sidebarDriver';

const chat2 = (app: AppHarness) => ({ memberId: app.sim.memberId, chatId: 2 });

describe('a sidebar form sent twice (double click, reload, back and send again)', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
  });
  afterEach(() => app.close());

  async function newArticleForm(page: SidebarPage, title: string, body = '') {
    const form = formFields(await act(app, page, 'new'), 'save');
    expect(form.fields.key).toMatch(/^\d{13}[A-Za-z0-9_-]{22}$/);
    return { ...form, fields: { ...form.fields, title, body } };
  }

  it('creates one article, also when both arrive at the same moment, and shows it both times', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const form = await newArticleForm(page, 'VPN setup', 'Install the client.');
    const [first, second] = await Promise.all([submit(app, form), submit(app, form)]);
    const third = await submit(app, form);
    for (const answer of [first, second, third]) {
      expect(answer.status).toBe(200);
      expect(visibleText(answer.body)).toMatch(/Article saved\..*VPN setup/);
    }
    const stored = await app.runtime.articles.page(chat2(app));
    expect(stored.total).toBe(1);
    expect(hiddenField(third, 'id')).toBe(stored.articles[0]?.id);
  });

  it('posts one message, and says it was posted when the post is sent again', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const article = await act(app, page, 'create', { title: 'Printer', body: 'Room 204' });
    const post = formFields(article, 'post');
    const [first, second] = await Promise.all([submit(app, post), submit(app, post)]);
    expect(visibleText(first.body)).toContain('Posted to the chat.');
    expect(visibleText(second.body)).toContain('Posted to the chat.');
    expect(app.sim.messages).toHaveLength(1);
    // Each rendered page has a new key: posting again on purpose posts again.
    expect(visibleText((await submit(app, formFields(first, 'post'))).body)).toContain('Posted to the chat.');
    expect(app.sim.messages).toHaveLength(2);
  });

  it('saves an edit once: the second sending shows the saved article, not a conflict with oneself', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const id = await createArticle(app, page, 'Draft');
    const editor = await act(app, page, 'edit', { id });
    const form = formFields(editor, 'save');
    const edit = { ...form, fields: { ...form.fields, title: 'Final', body: 'done' } };
    expect((await submit(app, edit)).status).toBe(200);
    const again = await submit(app, edit);
    expect(again.status).toBe(200);
    expect(visibleText(again.body)).toMatch(/Article saved\..*Final/);
    expect(visibleText(again.body)).not.toContain('changed meanwhile');
  });

  it('deletes once and says so both times', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const id = await createArticle(app, page, 'Old');
    await createArticle(app, page, 'Kept');
    const confirm = formFields(await act(app, page, 'delete', { id }), 'confirm');
    for (const answer of await Promise.all([submit(app, confirm), submit(app, confirm)])) {
      expect(answer.status).toBe(200);
      expect(visibleText(answer.body)).toMatch(/The article is in the trash now\..*1 article/);
    }
  });

  it('lets a form that was refused or failed be sent again and then act', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const form = await newArticleForm(page, '', 'text first');
    expect((await submit(app, form)).status).toBe(400);
    expect((await submit(app, { ...form, fields: { ...form.fields, title: 'Now with a title' } })).status).toBe(200);
    const stored = await app.runtime.articles.page(chat2(app));
    expect(stored.total).toBe(1);

    const post = formFields(await act(app, page, 'open', { id: stored.articles[0]?.id ?? '' }), 'post');
    await app.sim.failWith({ kind: 'server-error', times: 1 });
    expect((await submit(app, post)).status).toBe(502);
    expect(app.sim.messages).toHaveLength(0);
    expect(visibleText((await submit(app, post)).body)).toContain('Posted to the chat.');
    expect(app.sim.messages).toHaveLength(1);
  });
});

describe('the text limit', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
  });
  afterEach(() => app.close());

  /** `lines` lines of text joined by the browser's CRLF: `chars` characters as the user sees them. */
  const typed = (chars: number, lines: number) => {
    const breaks = lines - 1;
    const letters = chars - breaks;
    const per = Math.floor(letters / lines);
    return Array.from({ length: lines }, (_, i) => 'x'.repeat(i === 0 ? letters - per * (lines - 1) : per)).join('\r\n');
  };

  it('counts a line break as one character, however the browser sent it, and stores it as one', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const body = typed(19_999, 250);
    expect(body.length).toBe(20_248);
    const saved = await act(app, page, 'create', { title: 'Long', body });
    expect(saved.status).toBe(200);
    const stored = (await app.runtime.articles.get(chat2(app), hiddenField(saved, 'id')))?.article.body ?? '';
    expect(stored).not.toContain('\r');
    expect([...stored].length).toBe(19_999);

    const over = await act(app, page, 'create', { title: 'Too long', body: typed(20_001, 250) });
    expect(over.status).toBe(400);
    expect(visibleText(over.body)).toContain('at most 20,000 characters (now 20,001)');
  });

  it('says in the editor how much room is left, counting emoji as one', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const editor = await act(app, page, 'new');
    expect(visibleText(editor.body)).toContain('20,000 characters left');
    const id = await createArticle(app, page, 'Emoji', `${'😀'.repeat(100)}${'a'.repeat(19_890)}`);
    expect(visibleText((await act(app, page, 'edit', { id })).body)).toContain('10 characters left');
  });

  it('refuses a form kept open longer than its key is kept, with a page that says to open the sidebar again, and writes nothing', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const form = formFields(await act(app, page, 'new'), 'save');
    const stale = { ...form, fields: { ...form.fields, title: 'Stale', body: 'Rendered long ago', key: `${Date.now() - 8 * 86_400_000}${form.fields.key!.slice(13)}` } };
    const answer = await submit(app, stale);
    expect(answer.status).toBe(401);
    expect(visibleText(answer.body)).toContain('Your session has ended Close the knowledge base and open it again from the chat sidebar. Nothing was changed.');
    expect((await app.runtime.articles.page(chat2(app))).total).toBe(0);
  });
});

describe('the 1,000-article limit', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
  });
  afterEach(() => app.close());

  /** A chat that already has `count` articles (written as articles from before the chat index, in one go). */
  const chatWith = async (app: AppHarness, chatId: number, count: number) => {
    const drafts = Array.from({ length: count }, (_, i) => ({ title: `Article ${i}`, body: '', authorId: '1', authorName: 'Anna', editorId: '1', editorName: 'Anna', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' }));
    await writeLegacyArticles(await createTables(app.config.storage).table(`${app.tablePrefix}articles`), { memberId: app.sim.memberId, chatId }, drafts);
  };

  it('shows in the list before anyone writes the 1,001st: how many fit, then that the chat is full', async () => {
    await chatWith(app, 2, 899);
    await chatWith(app, 5, 950);
    await chatWith(app, 7, 1000);
    expect((await openSidebar(app, { dialogId: 'chat2' })).body).not.toContain('data-testid="limit"');
    const near = await openSidebar(app, { dialogId: 'chat5' });
    expect(visibleText(near.body)).toContain('This chat has 950 of its 1,000 articles; 50 more fit.');
    expect(near.body).toContain('data-testid="new-article"');
    const full = await openSidebar(app, { dialogId: 'sg7' });
    expect(visibleText(full.body)).toContain('This chat has 1,000 articles, the most it can keep.');
    expect(full.body).not.toContain('data-testid="new-article"');
    expect(full.body).toContain('data-testid="new-article-disabled"');
  });

});
