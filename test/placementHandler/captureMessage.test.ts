import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { markupShape } from '../support/markupShape';

/** The captured article in a page: what renderMarkdown wrote, between the body's markers. */
function capturedBody(page: string): string {
  return /data-testid="captured-body">([\s\S]*?)<\/div>\n<\/section>/.exec(page)?.[1] ?? '';
}

describe('“Save to knowledge base” in a message’s menu (PLACEMENT=IM_CONTEXT_MENU on /api/placement)', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
    app.sim.clearLogs();
  });
  afterEach(() => app.close());

  const open = (dialogId: string, messageId: string | number, options: { userId?: number; lang?: string } = {}) =>
    app.placement(app.sim.messageMenuForm({ dialogId, messageId, ...options }));

  it('reads the message with the user’s own token in one round trip and shows the article it makes', async () => {
    const answer = await open('chat2', 202, { userId: 2 });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-security-policy')).toContain(`frame-ancestors http://${app.sim.domain}`);
    expect(visibleText(answer.body)).toContain('Save to knowledge base VPN setup From a message by Anna Schmidt, May 6, 2024');
    expect(capturedBody(answer.body)).toBe(
      '<p><strong>VPN setup</strong><br>1. Install the client from ' +
        '<a href="https://intranet.example.com/vpn" target="_blank" rel="noopener noreferrer">the intranet page</a><br>' +
        '2. Sign in with your <em>work</em> account<br>3. Pick the <strong>Frankfurt</strong> gateway<br>If it fails, ask Boris Ivanov.</p>',
    );
    expect(app.sim.restLog.map((entry) => [entry.method, entry.userId])).toEqual([['batch', 2], ['im.dialog.messages.get', 2]]);
  });

  it('speaks the user’s language', async () => {
    const answer = await open('chat2', 204, { lang: 'de' });
    expect(visibleText(answer.body)).toContain('In der Wissensdatenbank speichern If the agent hangs, restart it: Aus einer Nachricht von Anna Schmidt, 6. Mai 2024');
    expect(answer.body).toContain('<pre><code>sudo systemctl restart vpn-agent\nsudo journalctl -u vpn-agent -n 50</code></pre>');
  });

  it('shows a hostile message as text: no markup, no script link, no mention or command of its own', async () => {
    const answer = await open('chat5', 211);
    expect(answer.status).toBe(200);
    const body = capturedBody(answer.body);
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
  ])('says that %s cannot be saved, and shows nothing from elsewhere', async (_name, dialogId, messageId, elsewhere) => {
    const answer = await open(dialogId, messageId);
    expect(answer.status).toBe(404);
    expect(visibleText(answer.body)).toContain('This message cannot be saved It is not in this chat, it was deleted, or it is from before you joined the chat. Nothing was saved.');
    expect(answer.body).not.toContain(elsewhere);
    expect(answer.body).not.toContain('data-testid="captured-message"');
  });

  it('says that a deleted message cannot be saved', async () => {
    app.sim.deleteMessage(203);
    const answer = await open('chat2', 203);
    expect(answer.status).toBe(404);
    expect(answer.body).toContain('data-error-code="message_not_found"');
  });

  it.each(['', 'abc', '0', '-1', '202 ', '2e2'])('answers a malformed message id %j with a bad request, before calling the portal', async (messageId) => {
    const answer = await open('chat2', messageId);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('data-error-code="bad_request"');
    expect(app.sim.restLog).toEqual([]);
  });

  it('refreshes an expired token once, as a sidebar open does', async () => {
    const form = app.sim.messageMenuForm({ dialogId: '2', messageId: 232 });
    app.sim.expireAccessTokens();
    const answer = await app.placement(form);
    expect(answer.status).toBe(200);
    expect(visibleText(answer.body)).toContain('Sure: https://intranet.example.com/onboarding');
    expect(app.sim.stats.successfulRefreshes).toBe(1);
  });
});
