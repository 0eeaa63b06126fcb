import { startApp, type AppHarness } from '../support/appHarness';
import { act, createArticle, openSidebar } from '../support/sidebarDriver';

/**
 * A portal whose REST API is on another host than its pages (domain `…bitrix24.ru`, client_endpoint
 * `…bitrix24.com/rest/` in a real capture): the simulator's forms name the portal's domain, its events and
 * token answers the REST host.
 */
describe('a portal whose REST host differs from its domain', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp({ simulator: { separateRestHost: true } });
    await app.installApp();
    app.sim.clearLogs();
  });
  afterEach(() => app.close());

  it('keeps the REST host the OAuth server confirmed and the domain the portal’s pages are on', async () => {
    expect(new URL(app.sim.clientEndpoint).host).not.toBe(app.sim.domain);
    const stored = await app.runtime.installations.get(app.sim.memberId, { fresh: true });
    expect(stored?.installation).toMatchObject({ domain: app.sim.domain, clientEndpoint: app.sim.clientEndpoint });
  });

  it('accepts sidebar requests that carry the portal’s own domain, calls the REST host, and lets the portal’s pages frame it', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    expect(page.headers.get('content-security-policy')).toContain(`frame-ancestors ${app.sim.portalUrl}`);
    const id = await createArticle(app, page, 'Via the REST host');
    expect((await act(app, page, 'post', { id })).status).toBe(200);
    expect(app.sim.messages).toHaveLength(1);
    const listeners = new Set(app.sim.requestLog.filter((entry) => entry.server === 'portal').map((entry) => entry.listener));
    expect([...listeners]).toEqual(['rest']);
  });

  it('learns a REST host from a token refresh too, for installations that stored the domain’s address', async () => {
    const stored = await app.runtime.installations.get(app.sim.memberId, { fresh: true });
    await app.runtime.installations.save({ ...stored!.installation, clientEndpoint: `${app.sim.portalUrl}/rest/`, expiresAt: 0 }, stored!.etag);
    app.sim.placements.splice(0); // "Add the sidebar item again" is offered when the item is missing
    const appPage = await app.placement(app.sim.appPageForm());
    const session = /name="session" value="([^"]+)"/.exec(appPage.body)?.[1] ?? '';
    expect((await app.placement(`session=${encodeURIComponent(session)}`, 'rebind')).status).toBe(200);
    expect((await app.runtime.installations.get(app.sim.memberId, { fresh: true }))?.installation.clientEndpoint).toBe(app.sim.clientEndpoint);
  });
});
