import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { httpFixture } from '../support/fixtures';

describe('install page (PLACEMENT=DEFAULT on /api/install)', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
  });
  afterEach(() => app.close());

  it('verifies the admin, binds the sidebar item, the message menu item and events, stores the installation and finishes', async () => {
    const answer = await app.install(app.sim.installForm());

    expect(answer.status).toBe(200);
    expect(answer.body).toContain('B.installFinish()');
    expect(visibleText(answer.body)).toContain('Installation complete');
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.headers.get('content-security-policy')).toContain(`frame-ancestors http://${app.sim.domain}`);
    expect(answer.headers.get('x-frame-options')).toBeNull();

    expect(app.sim.placements).toEqual([
      expect.objectContaining({
        placement: 'IM_SIDEBAR',
        handler: 'http://127.0.0.1:7071/api/placement',
        langAll: {
          en: expect.objectContaining({ TITLE: 'Knowledge base' }),
          ru: expect.objectContaining({ TITLE: 'База знаний' }),
          de: expect.objectContaining({ TITLE: 'Wissensdatenbank' }),
        },
        options: expect.objectContaining({ iconName: 'fa-book' }),
      }),
      {
        placement: 'IM_CONTEXT_MENU',
        handler: 'http://127.0.0.1:7071/api/placement',
        title: 'Save to knowledge base',
        description: expect.any(String),
        langAll: {
          en: expect.objectContaining({ TITLE: 'Save to knowledge base' }),
          ru: expect.objectContaining({ TITLE: 'Сохранить в базу знаний' }),
          de: expect.objectContaining({ TITLE: 'In der Wissensdatenbank speichern' }),
        },
        // The message menu takes no icon (protocol notes 7a): group and one-to-one chats, every user, no extranet.
        options: { context: 'USER;CHAT', role: 'USER', extranet: 'N' },
      },
    ]);
    expect(app.sim.eventBindings.map((b) => [b.event, b.handler]).sort()).toEqual([
      ['ONAPPINSTALL', 'http://127.0.0.1:7071/api/install'],
      ['ONAPPUNINSTALL', 'http://127.0.0.1:7071/api/install'],
    ]);

    const stored = await app.runtime.installations.get(app.sim.memberId);
    expect(stored?.installation).toMatchObject({
      memberId: app.sim.memberId,
      domain: app.sim.domain,
      clientEndpoint: app.sim.clientEndpoint,
      oauthUrl: app.sim.oauthUrl,
      userId: '1',
      placementBound: true,
    });
    expect(stored?.installation.refreshToken).toBe(app.sim.lastIssuedRefreshToken(1));
    expect(stored?.installation.expiresAt).toBeGreaterThan(Date.now() / 1000 + 3000);
  });

  it('asks the OAuth server first and sends no token in any URL', async () => {
    await app.install(app.sim.installForm());
    expect(app.sim.requestLog[0]).toMatchObject({ server: 'oauth', path: '/rest/app.info' });
    expect(app.sim.requestLog.some((entry) => entry.hadAuthInUrl)).toBe(false);
    expect(app.sim.restLog.filter((entry) => entry.method === 'batch')).toHaveLength(1);
  });

  it('succeeds when installed again (the portal answers the repeated bind with ERROR_CORE)', async () => {
    await app.install(app.sim.installForm());
    const again = await app.install(app.sim.installForm());
    expect(again.status).toBe(200);
    expect(again.body).toContain('B.installFinish()');
    expect(app.sim.placements.map((p) => p.placement)).toEqual(['IM_SIDEBAR', 'IM_CONTEXT_MENU']);
  });

  it('speaks the admin’s language', async () => {
    const answer = await app.install(app.sim.installForm({ lang: 'de' }));
    expect(visibleText(answer.body)).toContain('Installation abgeschlossen');
    expect(answer.body).toContain('<html lang="de">');
  });

  it('refuses a token the OAuth server issued to another app, storing and binding nothing', async () => {
    const other = await startApp({ config: { clientId: 'local.someone.else' } });
    try {
      const answer = await other.install(other.sim.installForm());
      expect(answer.status).toBe(403);
      expect(answer.body).not.toContain('installFinish()');
      expect(visibleText(answer.body)).toContain('Bitrix24 did not confirm this installation');
      expect(other.sim.restLog).toEqual([]);
      expect(await other.runtime.installations.get(other.sim.memberId)).toBeNull();
    } finally {
      await other.close();
    }
  });

  it('refuses a DOMAIN or member_id that is not the token’s portal, without calling that host', async () => {
    const form = app.sim.installForm();
    const forgedDomain = { ...form, query: form.query.replace(`DOMAIN=${encodeURIComponent(app.sim.domain)}`, 'DOMAIN=evil.example.com') };
    expect((await app.install(forgedDomain)).status).toBe(403);
    const forgedMember = { ...form, body: form.body.replace(app.sim.memberId, 'f'.repeat(32)) };
    expect((await app.install(forgedMember)).status).toBe(403);
    expect(app.sim.restLog).toEqual([]);
    expect(await app.runtime.installations.get('f'.repeat(32))).toBeNull();
  });

  it('shows a non-admin what went wrong and does not finish the install', async () => {
    const answer = await app.install(app.sim.installForm({ userId: 2 }));
    expect(answer.status).toBe(502);
    expect(answer.body).not.toContain('installFinish()');
    expect(visibleText(answer.body)).toMatch(/refused to add the sidebar item \(ACCESS_DENIED\).*What to do/);
    expect(await app.runtime.installations.get(app.sim.memberId)).toBeNull();
  });

  it('refuses an http portal when BITRIX24_ALLOW_HTTP is off', async () => {
    const strict = await startApp({ config: { allowHttp: false } });
    try {
      const answer = await strict.install(strict.sim.installForm());
      expect(answer.status).toBe(403);
      expect(strict.sim.restLog).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('says Bitrix24 did not answer when the OAuth server is down', async () => {
    const down = await startApp({ config: { oauthUrl: 'http://127.0.0.1:9/' } });
    try {
      const answer = await down.install(down.sim.installForm());
      expect(answer.status).toBe(502);
      expect(visibleText(answer.body)).toContain('Bitrix24 did not answer in time');
    } finally {
      await down.close();
    }
  });

  it('refuses the real captured install request whose token the OAuth server does not know', async () => {
    const fixture = httpFixture('install-ui.real.http');
    const answer = await app.install(fixture);
    expect(answer.status).toBe(403);
    expect(app.sim.requestLog.map((entry) => `${entry.server} ${entry.path}`)).toEqual(['oauth /rest/app.info']);
  });

  it('answers malformed install requests with a localized 400 page', async () => {
    for (const body of ['', 'garbage', '{"AUTH_ID":"x"}', 'AUTH_ID=x&member_id=123&DOMAIN=a b']) {
      const answer = await app.install({ query: 'LANG=ru', body });
      expect(answer.status).toBe(400);
      expect(visibleText(answer.body)).toContain('Не удалось прочитать запрос');
      expect(answer.body).not.toMatch(/at .*\.js:\d+/);
    }
  });

  it('refuses bodies over 64 KB before reading them', async () => {
    const answer = await app.install({ query: '', body: `AUTH_ID=${'a'.repeat(70 * 1024)}` });
    expect(answer.status).toBe(413);
  });
});
