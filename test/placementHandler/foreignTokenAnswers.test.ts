import { startSimulator } from '../../local/simulator';
import { publicBaseUrl, startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, createArticle, hiddenField, openSidebar } from '../support/sidebarDriver';

/**
 * The token endpoint grants a pair but names another portal's member_id. Whatever path asked (a frame's
 * REFRESH_ID, a user's stored tokens, the installation's, an install event's), the pair is never used and
 * nothing stored changes.
 */
describe('a token answer for another portal', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
  });
  afterEach(() => app.close());

  it('is refused when a sidebar frame’s expired token is refreshed', async () => {
    const form = app.sim.sidebarForm({ dialogId: 'chat2', userId: 2 });
    app.sim.expireAccessTokens();
    app.sim.clearLogs();
    await app.sim.failWith({ kind: 'foreign-member' });
    const answer = await app.placement(form);
    expect(answer.status).toBe(401);
    expect(app.sim.stats.successfulRefreshes).toBe(1);
    expect(app.sim.requestLog.filter((entry) => entry.path === '/rest/batch')).toHaveLength(1); // the fresh pair was never sent
    expect(await app.runtime.userTokens.get(app.sim.memberId, '2')).toBeNull();
  });

  it('is refused when a user’s stored tokens are refreshed, leaving them as they were', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const id = await createArticle(app, page, 'Post me');
    const before = await app.runtime.userTokens.get(app.sim.memberId, '2');
    app.sim.expireAccessTokens();
    await app.sim.failWith({ kind: 'foreign-member' });
    const answer = await act(app, page, 'post', { id });
    expect(answer.status).toBe(401);
    expect(app.sim.messages).toEqual([]);
    expect((await app.runtime.userTokens.get(app.sim.memberId, '2'))?.tokens).toEqual(before?.tokens);
  });

  it('is refused when the installation’s tokens are refreshed, leaving them as they were', async () => {
    app.sim.placements.splice(0); // "Add the sidebar item again" is offered when the item is missing
    const session = hiddenField(await app.placement(app.sim.appPageForm()), 'session');
    const before = (await app.runtime.installations.get(app.sim.memberId, { fresh: true }))?.installation;
    app.sim.expireAccessTokens();
    await app.sim.failWith({ kind: 'foreign-member' });
    const answer = await app.placement(`session=${encodeURIComponent(session)}`, 'rebind');
    expect(answer.status).toBe(401);
    expect(visibleText(answer.body)).toContain('Bitrix24 did not accept this session');
    const after = (await app.runtime.installations.get(app.sim.memberId, { fresh: true }))?.installation;
    expect({ accessToken: after?.accessToken, refreshToken: after?.refreshToken }).toEqual({ accessToken: before?.accessToken, refreshToken: before?.refreshToken });
  });

  it('is refused when an install event’s REST address is confirmed with the OAuth server, storing nothing', async () => {
    const other = await startSimulator({ appUrl: publicBaseUrl, separateRestHost: true });
    try {
      const own = await startApp({ config: { oauthUrl: other.oauthUrl } });
      try {
        expect((await own.install(other.installForm())).status).toBe(200);
        const before = (await own.runtime.installations.get(other.memberId, { fresh: true }))?.installation;
        await other.failWith({ kind: 'foreign-member' });
        expect((await own.install(other.eventForm('ONAPPINSTALL'))).status).toBe(401);
        expect((await own.runtime.installations.get(other.memberId, { fresh: true }))?.installation).toEqual(before);
      } finally {
        await own.close();
      }
    } finally {
      await other.close();
    }
  });
});
