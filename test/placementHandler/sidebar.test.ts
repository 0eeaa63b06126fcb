import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { httpFixture } from '../support/fixtures';
import { act, openSidebar } from '../support/sidebarDriver';

function setParam(payload: { query: string; body: string }, key: string, value: string | null, side: 'query' | 'body' = 'body') {
  const params = new URLSearchParams(payload[side]);
  if (value === null) params.delete(key);
  else params.set(key, value);
  return { ...payload, [side]: params.toString() };
}

/** A server on loopback that counts what reaches it: where a forged request would try to send the app. */
async function startTrap(): Promise<{ url: string; host: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    res.end('{"result":{}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    host: `127.0.0.1:${port}`,
    hits: () => hits,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('sidebar (PLACEMENT=IM_SIDEBAR on /api/placement)', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
    app.sim.clearLogs();
  });
  afterEach(() => app.close());

  it('shows the chat and the user the portal confirmed, in one portal round trip', async () => {
    const answer = await openSidebar(app, { dialogId: 'chat2', userId: 2 });

    expect(answer.status).toBe(200);
    expect(/<title>([^<]*)<\/title>/.exec(answer.body)?.[1]).toBe('Knowledge base · General chat');
    expect(visibleText(answer.body)).toContain('No articles yet');
    expect(app.sim.requestLog.map((entry) => `${entry.server} ${entry.path}`)).toEqual(['portal /rest/batch']);
    expect(app.sim.restLog.map((entry) => entry.method).sort()).toEqual(['batch', 'im.dialog.get', 'user.current']);
    expect(app.sim.requestLog[0]?.hadAuthInUrl).toBe(false);
    // Written as the user the portal confirmed.
    const written = await act(app, answer, 'create', { title: 'Hello', body: '' });
    expect(visibleText(written.body)).toContain('Written by Boris Ivanov');
  });

  it('makes exactly one outbound request for a first open and none for a repeat with the same token', async () => {
    const form = app.sim.sidebarForm({ dialogId: 'chat2', userId: 2 });
    expect((await app.placement(form)).status).toBe(200);
    expect(app.sim.requestLog).toHaveLength(1);
    app.sim.clearLogs();
    const repeat = await app.placement(form);
    expect(repeat.status).toBe(200);
    expect(visibleText(repeat.body)).toContain('No articles yet');
    expect(app.sim.requestLog).toHaveLength(0);
    // Another chat, or another token, is a first open again.
    const otherChat = new URLSearchParams(form.body);
    otherChat.set('PLACEMENT_OPTIONS', JSON.stringify({ dialogId: 'chat5' }));
    expect((await app.placement({ query: form.query, body: otherChat.toString() })).status).toBe(200);
    expect((await app.placement(app.sim.sidebarForm({ dialogId: 'chat2', userId: 2 }))).status).toBe(200);
    expect(app.sim.requestLog).toHaveLength(2);
  });

  it('does not remember a visit whose token had expired, nor one the portal refused', async () => {
    const form = app.sim.sidebarForm({ dialogId: 'chat2', userId: 3 });
    expect((await app.placement(form)).status).toBe(403);
    expect((await app.placement(form)).status).toBe(403);
    expect(app.sim.requestLog).toHaveLength(2);
    app.sim.clearLogs();
    const expired = app.sim.sidebarForm({ dialogId: 'chat2' });
    app.sim.expireAccessTokens();
    expect((await app.placement(expired)).status).toBe(200);
    // Not served from memory: the portal is asked again. The frame's single-use refresh token was spent by
    // the first open; the second uses the pair that refresh brought (kept sealed for a minute).
    expect((await app.placement(expired)).status).toBe(200);
    expect(app.sim.requestLog.filter((entry) => entry.path === '/rest/batch')).toHaveLength(4); // expired, retried, twice
    expect(app.sim.stats.refreshes).toBe(1);
  });

  it('sends the headers a framed portal page needs', async () => {
    const answer = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }));
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(csp).toContain(`frame-ancestors http://${app.sim.domain}`);
    // The BX24 library's exact URL, not its whole origin (which serves much more than the library).
    expect(csp).toContain(`script-src 'nonce-${/'nonce-([^']+)'/.exec(csp)?.[1]}' ${app.sim.bx24ScriptUrl};`);
    expect(csp).not.toContain('unsafe-inline');
    expect(answer.headers.get('x-frame-options')).toBeNull();
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.body).toContain(`<script src="${app.sim.bx24ScriptUrl}" defer`);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    const again = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }));
    const nonce = (value: string | null) => /'nonce-([^']+)'/.exec(value ?? '')?.[1];
    expect(nonce(again.headers.get('content-security-policy'))).not.toBe(nonce(csp));
    expect(again.body).toContain(`nonce="${nonce(again.headers.get('content-security-policy'))}"`);
  });

  it('refuses oversized posts with 413 before reading them: 64 KB for Bitrix24’s, 256 KB for article forms', async () => {
    const page = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }));
    expect(page.status).toBe(200);
    const session = /name="session" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    expect((await app.placement({ query: '', body: `AUTH_ID=${'a'.repeat(65 * 1024)}` })).status).toBe(413);
    const article = (size: number) => `session=${session}&dialog=chat2&title=Big&body=${'b'.repeat(size)}`;
    expect((await app.placement(article(100 * 1024), 'create')).status).not.toBe(413);
    expect((await app.placement(article(257 * 1024), 'create')).status).toBe(413);
  });

  it('speaks German and Russian, and English for any other LANG', async () => {
    const de = visibleText((await app.placement(app.sim.sidebarForm({ dialogId: 'chat2', lang: 'de' }))).body);
    expect(de).toMatch(/Wissensdatenbank.*Noch keine Artikel.*Den ersten Artikel schreiben/);
    const ru = visibleText((await app.placement(app.sim.sidebarForm({ dialogId: 'sg7', lang: 'ru' }))).body);
    expect(ru).toMatch(/База знаний.*Статей пока нет/);
    const ua = visibleText((await app.placement(app.sim.sidebarForm({ dialogId: '2', lang: 'ua' }))).body);
    expect(ua).toMatch(/No articles yet/);
  });

  it('repeats nothing the portal already shows above the frame: no chat name, member count or user name', async () => {
    const text = visibleText((await app.placement(app.sim.sidebarForm({ dialogId: 'chat2', userId: 2 }))).body).replace(/^.*? · General chat /, '');
    expect(text).not.toContain('General chat');
    expect(text).not.toContain('members');
    expect(text).not.toContain('Boris Ivanov');
  });

  it('shows a chat named <script> as text', async () => {
    const answer = await app.placement(app.sim.sidebarForm({ dialogId: 'chat5' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(answer.body).not.toContain('<script>alert(1)');
  });

  it('tells a user who is not a member of the chat so, with 403', async () => {
    const answer = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2', userId: 3 }));
    expect(answer.status).toBe(403);
    expect(visibleText(answer.body)).toContain('You are not a member of this chat');
  });

  it('refreshes an expired user token with REFRESH_ID once and opens the sidebar', async () => {
    const form = app.sim.sidebarForm({ dialogId: 'chat2' });
    app.sim.expireAccessTokens();
    const answer = await app.placement(form);
    expect(answer.status).toBe(200);
    expect(app.sim.stats.refreshes).toBe(1);
    expect(app.sim.requestLog.map((entry) => `${entry.server} ${entry.path}`)).toEqual(['portal /rest/batch', 'oauth /oauth/token/', 'portal /rest/batch']);
  });

  it('answers 401 when the token is not valid, and when it expired without a refresh token', async () => {
    const invalid = setParam(app.sim.sidebarForm({ dialogId: 'chat2' }), 'AUTH_ID', 'f'.repeat(70));
    const answer = await app.placement(invalid);
    expect(answer.status).toBe(401);
    expect(visibleText(answer.body)).toContain('Bitrix24 did not accept this session');

    const noRefresh = setParam(app.sim.sidebarForm({ dialogId: 'chat2' }), 'REFRESH_ID', null);
    app.sim.expireAccessTokens();
    expect((await app.placement(noRefresh)).status).toBe(401);
  });

  it('refuses a portal this app is not installed on (the documented sample included)', async () => {
    const unknown = setParam(app.sim.sidebarForm({ dialogId: 'chat2' }), 'member_id', 'e'.repeat(32));
    const answer = await app.placement(unknown);
    expect(answer.status).toBe(403);
    expect(visibleText(answer.body)).toContain('This app is not installed on this Bitrix24');
    const docs = await app.placement(httpFixture('im-sidebar.docs.http'));
    expect(docs.status).toBe(403);
    expect(visibleText(docs.body)).toContain('Diese App ist in diesem Bitrix24 nicht installiert');
    expect(app.sim.requestLog).toEqual([]);
  });

  it('refuses a forged DOMAIN (asking only the OAuth server whether the portal was renamed) or APPLICATION_TOKEN, calling neither the portal nor the named host', async () => {
    const trap = await startTrap();
    try {
      const forgedDomain = setParam(app.sim.sidebarForm({ dialogId: 'chat2' }), 'DOMAIN', trap.host, 'query');
      expect((await app.placement(forgedDomain)).status).toBe(403);
      expect(app.sim.requestLog.map((entry) => `${entry.server} ${entry.path}`)).toEqual(['oauth /rest/app.info']);
      app.sim.clearLogs();
      const forgedToken = setParam(app.sim.sidebarForm({ dialogId: 'chat2' }), 'APPLICATION_TOKEN', '0'.repeat(32));
      expect((await app.placement(forgedToken)).status).toBe(403);
      expect(trap.hits()).toBe(0);
      expect(app.sim.requestLog).toEqual([]);
    } finally {
      await trap.close();
    }
  });

  it('never calls a SERVER_ENDPOINT named in the request, even to refresh', async () => {
    const trap = await startTrap();
    try {
      const form = setParam(app.sim.sidebarForm({ dialogId: 'chat2' }), 'SERVER_ENDPOINT', `${trap.url}rest/`);
      app.sim.expireAccessTokens();
      expect((await app.placement(form)).status).toBe(200);
      expect(trap.hits()).toBe(0);
    } finally {
      await trap.close();
    }
  });

  it('requires a well-formed dialogId, whatever PLACEMENT_OPTIONS holds', async () => {
    for (const options of [null, '', 'undefined', '[]', '"chat2"', '{"dialogId":"chat2;x"}', '{"dialogId":"../2"}', '{"dialogId":5}', '{broken']) {
      const answer = await app.placement(setParam(app.sim.sidebarForm({ dialogId: 'chat2' }), 'PLACEMENT_OPTIONS', options));
      expect(answer.status).toBe(400);
    }
    const withoutUri = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2', uri: null }));
    expect(withoutUri.status).toBe(200);
  });

  it('reads fields from the query as well as the body', async () => {
    const form = app.sim.sidebarForm({ dialogId: 'chat2' });
    const body = new URLSearchParams(form.body);
    const query = new URLSearchParams(form.query);
    query.set('PLACEMENT', body.get('PLACEMENT') ?? '');
    query.set('PLACEMENT_OPTIONS', body.get('PLACEMENT_OPTIONS') ?? '');
    body.delete('PLACEMENT');
    body.delete('PLACEMENT_OPTIONS');
    expect((await app.placement({ query: query.toString(), body: body.toString() })).status).toBe(200);
  });

  it('answers unknown actions with 404 and unknown placements with 400', async () => {
    expect((await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }), 'delete-everything')).status).toBe(404);
    expect((await app.placement(setParam(app.sim.sidebarForm({ dialogId: 'chat2' }), 'PLACEMENT', 'CRM_DEAL_DETAIL_TAB'))).status).toBe(400);
  });

  it('keeps the request’s tokens and the app’s secrets out of every log line', async () => {
    const form = app.sim.sidebarForm({ dialogId: 'chat2' });
    app.sim.expireAccessTokens();
    await app.placement(form);
    await app.placement(setParam(form, 'AUTH_ID', 'f'.repeat(70)));
    const body = new URLSearchParams(form.body);
    const logs = app.logs.join('\n');
    expect(logs).not.toContain(body.get('AUTH_ID'));
    expect(logs).not.toContain(body.get('REFRESH_ID'));
    expect(logs).not.toContain(body.get('APPLICATION_TOKEN'));
    expect(logs).not.toContain(app.config.clientSecret);
    expect(logs).not.toContain('f'.repeat(70));
  });
});
