import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { markupShape } from '../support/markupShape';
import { act, articleIds, editorFields, hiddenField, openSidebar, type SidebarPage } from '../support/sidebarDriver';

/** The rendered text of a page's element with this test id (a div), as HTML. */
function divOf(page: string, testId: string): string {
  return new RegExp(`data-testid="${testId}">([\\s\\S]*?)</div>`).exec(page)?.[1] ?? '';
}

describe('“Save to knowledge base” in a message’s menu (PLACEMENT=IM_CONTEXT_MENU on /api/placement)', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
    app.sim.clearLogs();
  });
  afterEach(() => app.close());

  const open = async (dialogId: string, messageId: string | number, options: { userId?: number; lang?: string } = {}): Promise<SidebarPage> => {
    const answer = await app.placement(app.sim.messageMenuForm({ dialogId, messageId, ...options }));
    return { ...answer, session: hiddenField(answer, 'session'), dialog: hiddenField(answer, 'dialog') };
  };
  const chatArticles = async (dialogId: string, userId = 1) => articleIds(await openSidebar(app, { dialogId, userId }));

  it('confirms user, chat and message in one round trip with the user’s token and opens the editor filled in from the message', async () => {
    const answer = await open('chat2', 202, { userId: 2 });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-security-policy')).toContain(`frame-ancestors http://${app.sim.domain}`);
    expect(app.sim.restLog.map((entry) => [entry.method, entry.userId])).toEqual([
      ['batch', 2],
      ['user.current', 2],
      ['im.dialog.get', 2],
      ['im.dialog.messages.get', 2],
    ]);
    expect(visibleText(answer.body)).toContain('Save to knowledge base Into the knowledge base of “General chat” From a message by Anna Schmidt, May 6, 2024');
    const fields = editorFields(answer);
    expect(fields).toMatchObject({ title: 'VPN setup', format: 'markdown', dialog: 'chat2' });
    // The bold first line is the title and is not repeated; the numbered lines are a list, with no backslashes.
    expect(fields.body).toBe(
      '1. Install the client from [the intranet page](https://intranet.example.com/vpn)\n2. Sign in with your *work* account\n' +
        '3. Pick the **Frankfurt** gateway\n\nIf it fails, ask Boris Ivanov.',
    );
    // The text as the article will show it, before anything is saved.
    expect(divOf(answer.body, 'preview-body')).toBe(
      '<ol><li>Install the client from <a href="https://intranet.example.com/vpn" target="_blank" rel="noopener noreferrer">the intranet page</a></li>' +
        '<li>Sign in with your <em>work</em> account</li><li>Pick the <strong>Frankfurt</strong> gateway</li></ol><p>If it fails, ask Boris Ivanov.</p>',
    );
    expect(answer.body).toContain(`href="http://${app.sim.domain}/online/?IM_DIALOG=chat2&amp;IM_MESSAGE=202" target="_top"`);
    expect(await chatArticles('chat2')).toEqual([]);
  });

  it('saves it into that chat’s knowledge base with where it came from, once however often the form is sent', async () => {
    const editor = await open('chat2', 202, { userId: 2 });
    const fields = { ...editorFields(editor), title: 'VPN setup (from the chat)' };
    const saved = await act(app, editor, 'create', fields);
    expect(saved.status).toBe(200);
    // The slider says it is saved, and offers Close and the article.
    expect(visibleText(saved.body)).toMatch(/Saved to the chat’s knowledge base VPN setup \(from the chat\) Everyone in “General chat” finds it there.* Close Open the article$/);
    const opened = await act(app, saved, 'open', { id: hiddenField(saved, 'id') });
    expect(visibleText(opened.body)).toMatch(/VPN setup \(from the chat\) Written by Boris Ivanov .* From a message by Anna Schmidt, May 6, 2024/);
    expect(divOf(opened.body, 'article-body')).toContain('<strong>Frankfurt</strong>');
    await act(app, editor, 'create', fields);

    const id = hiddenField(saved, 'id');
    expect(await chatArticles('chat2')).toEqual([id]);
    const stored = await app.runtime.articles.get({ memberId: app.sim.memberId, chatId: 2 }, id);
    expect(stored?.article).toMatchObject({
      format: 'markdown',
      authorName: 'Boris Ivanov',
      source: { messageId: '202', authorId: 1, authorName: 'Anna Schmidt', date: '2024-05-06T09:20:00+02:00' },
    });
    // Every member reading it gets the way back to the message, in the dialog as they see it.
    const anna = await openSidebar(app, { dialogId: 'chat2' });
    const article = await act(app, anna, 'open', { id });
    expect(article.body).toContain(`href="http://${app.sim.domain}/online/?IM_DIALOG=chat2&amp;IM_MESSAGE=202"`);
  });

  it('keeps a one-to-one message in the dialog both people share, linked from each side', async () => {
    const editor = await open('1', 231, { userId: 2 });
    expect(editorFields(editor).body).toBe('Could you send me the *onboarding* link?');
    const saved = await act(app, editor, 'create', editorFields(editor));
    const id = hiddenField(saved, 'id');
    expect((await act(app, saved, 'open', { id })).body).toContain('IM_DIALOG=1&amp;IM_MESSAGE=231');
    const anna = await openSidebar(app, { dialogId: '2' });
    expect(articleIds(anna)).toEqual([id]);
    expect((await act(app, anna, 'open', { id })).body).toContain('IM_DIALOG=2&amp;IM_MESSAGE=231');
  });

  it('takes the message’s source only as the portal gave it: a changed, made-up or other user’s source saves nothing', async () => {
    const boris = await open('chat2', 202, { userId: 2 });
    const fields = editorFields(boris);
    const [payload, signature] = fields.source!.split('.');
    const claim = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as { source: { authorName: string } };
    claim.source.authorName = 'The CEO';
    const forged = `${Buffer.from(JSON.stringify(claim)).toString('base64url')}.${signature}`;
    const anna = await openSidebar(app, { dialogId: 'chat2' });
    for (const [page, source] of [[boris, forged], [boris, 'made.up'], [anna, fields.source!]] as const) {
      const answer = await act(app, page, 'create', { ...fields, session: page.session, source, key: '' });
      expect(answer.status).toBe(400);
    }
    expect(await chatArticles('chat2')).toEqual([]);
  });

  it('speaks the user’s language', async () => {
    const answer = await open('chat2', 204, { lang: 'de' });
    expect(visibleText(answer.body)).toContain('In der Wissensdatenbank speichern In die Wissensdatenbank von „General chat“ Aus einer Nachricht von Anna Schmidt, 6. Mai 2024');
    expect(answer.body).toContain('<pre><code>sudo systemctl restart vpn-agent\nsudo journalctl -u vpn-agent -n 50</code></pre>');
  });

  it('keeps a message’s stars and underscores as typed, with a backslash only where the text would otherwise turn italic', async () => {
    const answer = await open('chat2', 205, { lang: 'de' });
    expect(editorFields(answer).body).toBe('Note: \\*stars*, \\_underscores_ and <b>tags</b> are plain text in the chat. Check the VPN status');
    expect(visibleText(divOf(answer.body, 'preview-body'))).toBe('Note: *stars*, _underscores_ and <b>tags</b> are plain text in the chat. Check the VPN status');
  });

  it('shows a hostile message as text: no markup, no script link, no mention or command of its own', async () => {
    const answer = await open('chat5', 211);
    expect(answer.status).toBe(200);
    const body = divOf(answer.body, 'preview-body');
    expect(markupShape(body)).toMatchObject({ tags: ['p'], problems: [] });
    expect(visibleText(body)).toBe('Click me everyone kick # not a heading <img src=x onerror=alert(2)>');
  });

  it('refuses a user who is not a member of the chat, showing nothing of it', async () => {
    const answer = await open('chat2', 202, { userId: 3 });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('data-error-code="not_member"');
    expect(answer.body).not.toContain('VPN');
  });

  it.each([
    ['a message of another chat', 'chat2', 211, 'Click me'],
    ['a message id no chat has', 'chat2', 3000, 'stars'],
    ['a message from before the user joined the chat', 'sg7', 222, 'Launch window'],
  ])('says that %s cannot be saved, shows nothing from elsewhere and saves nothing', async (_name, dialogId, messageId, elsewhere) => {
    const answer = await open(dialogId, messageId);
    expect(answer.status).toBe(404);
    expect(visibleText(answer.body)).toContain('This message cannot be saved It is not in this chat, it was deleted, or it is from before you joined the chat. Nothing was saved.');
    expect(answer.body).not.toContain(elsewhere);
    expect(answer.body).not.toContain('id="article-form"');
    expect(answer.body).not.toContain('name="session"');
    expect(await chatArticles(dialogId)).toEqual([]);
  });

  it('says that a deleted message cannot be saved', async () => {
    app.sim.deleteMessage(203);
    const answer = await open('chat2', 203);
    expect(answer.status).toBe(404);
    expect(answer.body).toContain('data-error-code="message_not_found"');
    expect(answer.body).not.toContain('Frankfurt gateway');
  });

  it.each(['', 'abc', '0', '-1', '202 ', '2e2'])('answers a malformed message id %j with a bad request, before calling the portal', async (messageId) => {
    const answer = await open('chat2', messageId);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('data-error-code="bad_request"');
    expect(app.sim.restLog).toEqual([]);
  });

  it('refreshes an expired token once, as a sidebar open does, and keeps the fresh tokens to save with', async () => {
    const form = app.sim.messageMenuForm({ dialogId: '2', messageId: 232 });
    app.sim.expireAccessTokens();
    const answer = await app.placement(form);
    expect(answer.status).toBe(200);
    expect(editorFields(answer).body).toBe('Sure: https://intranet.example.com/onboarding');
    expect(app.sim.stats.successfulRefreshes).toBe(1);
    const page = { ...answer, session: hiddenField(answer, 'session'), dialog: '2' };
    const saved = await act(app, page, 'create', editorFields(answer));
    expect(saved.status).toBe(200);
    expect(app.sim.stats.successfulRefreshes).toBe(1);
  });
});
