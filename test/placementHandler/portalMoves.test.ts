import { AppError } from '../../shared/errors';
import { confirmedMoves } from '../../shared/storage/portalMoves';
import { recordOutbound } from '../abuse/support/outboundRecorder';
import { startTraps } from '../abuse/support/trapServers';
import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, createArticle, openSidebar } from '../support/sidebarDriver';

describe('a portal that answers from another address', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
    app.sim.clearLogs();
  });
  afterEach(() => app.close());

  const stored = async () => (await app.runtime.installations.get(app.sim.memberId, { fresh: true }))?.installation;

  it('is followed once its OAuth server confirms the new address belongs to the same portal, and only then gets the token', async () => {
    const oldDomain = app.sim.domain;
    await app.sim.failWith({ kind: 'moved' });
    const moved = app.sim.movedTo!;
    const form = app.sim.sidebarForm({ dialogId: 'chat2' });
    const answer = await app.placement({ ...form, query: form.query.replace(encodeURIComponent(moved.domain), encodeURIComponent(oldDomain)) });
    expect(answer.status).toBe(200);
    // The old address redirected; the OAuth server confirmed; only then did the new address hear from the app.
    expect(app.sim.requestLog.map((entry) => `${entry.server} ${entry.listener ?? ''} ${entry.path}`)).toEqual([
      'portal original /rest/batch',
      'oauth  /rest/app.info',
      'portal moved /rest/batch',
    ]);
    expect(await stored()).toMatchObject({ clientEndpoint: moved.clientEndpoint, domain: moved.domain });
  });

  it('is confirmed with a fresh token when the stored one has expired meanwhile: refreshed once, then followed', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const id = await createArticle(app, page, 'Where to find us');
    app.sim.expireAccessTokens(); // the stored pair still looks valid by its expiry
    await app.sim.failWith({ kind: 'moved' });
    const moved = app.sim.movedTo!;
    const refreshesBefore = app.sim.stats.refreshes;
    const answer = await act(app, page, 'post', { id });
    expect(visibleText(answer.body)).toContain('Posted to the chat.');
    expect(app.sim.stats.refreshes - refreshesBefore).toBe(1);
    expect(app.sim.messages).toHaveLength(1);
    expect(await stored()).toMatchObject({ clientEndpoint: moved.clientEndpoint, domain: moved.domain });
  });

  it('is refused when the OAuth server does not confirm it: the new host never sees a token, nothing stored changes, the user sees why', async () => {
    const traps = await startTraps(1);
    try {
      const before = await stored();
      await app.sim.failWith({ kind: 'redirect', location: traps.all[0]!.url });
      const answer = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2', lang: 'de' }));
      expect(answer.status).toBe(502);
      expect(visibleText(answer.body)).toContain('Bitrix24 hat von einer anderen Adresse geantwortet');
      expect(traps.received()).toEqual([]);
      expect(await stored()).toEqual(before);
      app.sim.recover();
      expect((await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }))).status).toBe(200);
    } finally {
      await traps.close();
    }
  });

  it.each([
    'http://10.0.0.1',
    'http://169.254.169.254',
    'http://[fd00:ec2::254]',
    'http://192.168.0.10:8080',
    'http://168.63.129.16',
    'http://[::ffff:169.254.169.254]',
    'http://[::169.254.169.254]',
    'http://[::ffff:0:a9fe:a9fe]',
    'http://0.0.0.0',
  ])('is never followed to %s: not even the OAuth server is asked, and no connection is made', async (location) => {
    const recorder = recordOutbound();
    try {
      const before = await stored();
      await app.sim.failWith({ kind: 'redirect', location });
      const answer = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }));
      expect(answer.status).toBe(502);
      expect(visibleText(answer.body)).toContain('Bitrix24 answered from another address');
      expect(app.sim.stats.appInfoCalls).toBe(0);
      const host = new URL(location).hostname.replace(/^\[|\]$/g, '');
      expect(recorder.calls.filter((call) => call.target.includes(host) || call.target.startsWith(`${host}:`))).toEqual([]);
      expect(await stored()).toEqual(before);
    } finally {
      recorder.stop();
    }
  });

  it('is never followed to a loopback address on a deployment for real portals, before anyone is asked', async () => {
    const strict = { ...app.runtime, config: { ...app.config, allowHttp: false } };
    const moves = confirmedMoves(strict, { memberId: app.sim.memberId, oauthUrl: app.sim.oauthUrl }, async () => undefined);
    const token = app.sim.issueTokens(1).accessToken;
    for (const endpoint of ['https://127.0.0.1:8443/rest/', 'https://localhost/rest/', 'https://[::1]/rest/']) {
      const refused = await moves.confirm(endpoint, token).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe('portal_moved');
    }
    expect(app.sim.stats.appInfoCalls).toBe(0);
  });

  it('is refused when the redirect goes somewhere that is no portal REST address', async () => {
    await app.sim.failWith({ kind: 'redirect', location: 'javascript:alert(1)//' });
    expect((await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }))).status).toBe(502);
    expect(app.sim.stats.appInfoCalls).toBe(0);
  });

  it('takes a renamed portal’s new DOMAIN once its OAuth server confirms it, and calls the new address from then on', async () => {
    await app.sim.failWith({ kind: 'moved' });
    const moved = app.sim.movedTo!;
    // The portal now posts its new domain; the stored one is the old.
    const answer = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-security-policy')).toContain(`frame-ancestors ${moved.portalUrl}`);
    expect(await stored()).toMatchObject({ domain: moved.domain, clientEndpoint: moved.clientEndpoint });
    expect(app.sim.requestLog.filter((entry) => entry.server === 'portal').map((entry) => entry.listener)).toEqual(['moved']);
  });

  it('never calls a stored endpoint that resolves to an address the policy refuses', async () => {
    const before = await stored();
    await app.runtime.installations.save({ ...before!, clientEndpoint: 'http://169.254.169.254/rest/' }, (await app.runtime.installations.get(app.sim.memberId, { fresh: true }))!.etag);
    const recorder = recordOutbound();
    try {
      const answer = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }));
      expect(answer.status).toBe(502);
      expect(recorder.calls.filter((call) => call.target.startsWith('169.254.169.254'))).toEqual([]);
    } finally {
      recorder.stop();
    }
  });
});
