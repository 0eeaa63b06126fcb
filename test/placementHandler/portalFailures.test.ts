import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, createArticle, openSidebar } from '../support/sidebarDriver';

const methodsSent = (app: AppHarness, method: string) => app.sim.requestLog.filter((entry) => entry.path === `/rest/${method}`).length;

describe('when Bitrix24 or its OAuth server fails', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp({ retry: { budgetMs: 600, baseDelayMs: 50, busyCodes: ['QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT'] } });
    await app.installApp();
    app.sim.clearLogs();
  });
  afterEach(() => app.close());

  for (const kind of ['rate-limit', 'time-limit'] as const) {
    it(`retries read-only calls while the portal says ${kind}, within the budget`, async () => {
      await app.sim.failWith({ kind, times: 2 });
      const answer = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }));
      expect(answer.status).toBe(200);
      expect(methodsSent(app, 'batch')).toBe(3);
    });

    it(`shows “Bitrix24 is busy” past the budget when the portal keeps saying ${kind}`, async () => {
      await app.sim.failWith({ kind });
      const answer = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2', lang: 'de' }));
      expect(answer.status).toBe(503);
      expect(visibleText(answer.body)).toMatch(/Bitrix24 ist ausgelastet.*Erneut versuchen/);
    });
  }

  it('never repeats a write: a busy portal gets one im.message.add and the user is told', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const id = await createArticle(app, page, 'Busy day');
    app.sim.clearLogs();
    await app.sim.failWith({ kind: 'rate-limit', method: 'im.message.add' });
    const answer = await act(app, page, 'post', { id });
    expect(visibleText(answer.body)).toContain('Bitrix24 is busy right now; the message was not sent.');
    expect(methodsSent(app, 'im.message.add')).toBe(1);
    expect(app.sim.messages).toEqual([]);
  });

  for (const kind of ['server-error', 'reset', 'not-json'] as const) {
    it(`answers a portal ${kind} with a localized page, stores nothing half-way, and the next request works`, async () => {
      await app.sim.failWith({ kind, times: 1 });
      const failed = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2', userId: 2, lang: 'ru' }));
      expect(failed.status).toBe(502);
      expect(visibleText(failed.body)).toMatch(/Битрикс24 не ответил.*Повторить/);
      expect(await app.runtime.userTokens.get(app.sim.memberId, '2')).toBeNull();
      expect((await app.placement(app.sim.sidebarForm({ dialogId: 'chat2', userId: 2 }))).status).toBe(200);
    });
  }

  it('fails cleanly when the OAuth server is down during a refresh, leaving stored tokens untouched', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const id = await createArticle(app, page, 'Later');
    const before = await app.runtime.userTokens.get(app.sim.memberId, '2');
    app.sim.expireAccessTokens();
    await app.sim.failWith({ kind: 'oauth-down' });
    const answer = await act(app, page, 'post', { id });
    expect(visibleText(answer.body)).toContain('Bitrix24 did not answer in time.');
    const after = await app.runtime.userTokens.get(app.sim.memberId, '2');
    expect(after?.tokens).toEqual(before?.tokens);
    expect(after?.lease).toBeUndefined();
    expect(app.sim.messages).toEqual([]);

    app.sim.recover();
    expect(visibleText((await act(app, page, 'post', { id })).body)).toContain('Posted to the chat.');
  });

  for (const error of ['PAYMENT_REQUIRED', 'PORTAL_DELETED'] as const) {
    it(`shows a clear page and marks the installation when the portal answers ${error}`, async () => {
      await app.sim.failWith({ kind: 'uninstalled', error });
      const answer = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }));
      expect(answer.status).toBe(403);
      expect(visibleText(answer.body)).toContain('The app is not active on this Bitrix24');
      const stored = await app.runtime.installations.get(app.sim.memberId);
      expect(stored?.installation).toMatchObject({ status: 'inactive', statusReason: error });
      app.sim.recover();
      expect((await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }))).status).toBe(200);
      expect((await app.runtime.installations.get(app.sim.memberId))?.installation.status).toBe('active');
    });
  }

  it('shows a clear page when the portal no longer accepts the app’s tokens (invalid_token)', async () => {
    await app.sim.failWith({ kind: 'uninstalled', error: 'invalid_token' });
    const answer = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }));
    expect(answer.status).toBe(401);
    expect(visibleText(answer.body)).toContain('Bitrix24 did not accept this session');
    expect(await app.runtime.installations.get(app.sim.memberId)).not.toBeNull();
  });

  it('marks the installation for an admin’s visit when its refresh token is revoked, deleting nothing', async () => {
    app.sim.placements.splice(0);
    const appPage = await app.placement(app.sim.appPageForm());
    const session = /name="session" value="([^"]+)"/.exec(appPage.body)?.[1] ?? '';
    // The installation's stored access token has expired, and its refresh token is refused (revoked).
    const stored = await app.runtime.installations.get(app.sim.memberId);
    await app.runtime.installations.save({ ...stored!.installation, expiresAt: 0, refreshToken: 'a-refresh-token-bitrix24-revoked' }, stored!.etag);
    const answer = await app.placement(`session=${encodeURIComponent(session)}`, 'rebind');
    expect(answer.status).toBe(503);
    expect(visibleText(answer.body)).toContain('A Bitrix24 administrator can renew it by opening the app once');
    const after = await app.runtime.installations.get(app.sim.memberId);
    expect(after?.installation).toMatchObject({ status: 'needs_reopen', statusReason: 'invalid_grant' });
  });
});
