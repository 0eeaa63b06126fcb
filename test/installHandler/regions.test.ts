import { startSimulator } from '../../local/simulator';
import type { Simulator } from '../../local/simulator/Simulator';
import { createTables } from '../../shared/storage/tableStorage';
import { publicBaseUrl, startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, createArticle, hiddenField } from '../support/sidebarDriver';

/**
 * One deployment, portals of two regions: the harness's own simulator (region A, BITRIX24_OAUTH_URL) and a
 * second portal with its own OAuth server (region B, listed in BITRIX24_OAUTH_URLS). A third portal's server
 * (region C) is in neither.
 */
describe('portals of every region', () => {
  let app: AppHarness;
  let east: Simulator;
  let unknown: Simulator;
  beforeEach(async () => {
    east = await startSimulator({ appUrl: publicBaseUrl });
    unknown = await startSimulator({ appUrl: publicBaseUrl });
    app = await startApp({ extraOAuthUrls: [east.oauthUrl] });
  });
  afterEach(async () => {
    await app.close();
    await east.close();
    await unknown.close();
  });

  async function installEast(form = east.installForm()): Promise<void> {
    expect((await app.install(form)).status).toBe(200);
    expect((await app.install(east.eventForm('ONAPPINSTALL'))).status).toBe(200);
    east.installed = true;
  }

  /** What openSidebar does, for the east portal's own forms. */
  async function openEast(userId: number) {
    const answer = await app.placement(east.sidebarForm({ dialogId: 'chat2', userId }));
    expect(answer.status).toBe(200);
    return { ...answer, session: hiddenField(answer, 'session'), dialog: 'chat2' };
  }

  it('installs a portal whose install page names no OAuth server by asking the allowed servers in turn, and keeps its own', async () => {
    await installEast();
    expect(app.sim.stats.appInfoCalls).toBe(1); // the default server did not know the token
    expect(east.stats.appInfoCalls).toBeGreaterThanOrEqual(1);
    const stored = await app.runtime.installations.get(east.memberId);
    expect(stored?.installation.oauthUrl).toBe(east.oauthUrl);
  });

  it('asks only the server an install page names, when it is an allowed one', async () => {
    await installEast(east.installForm({ withServerEndpoint: true }));
    expect(app.sim.stats.appInfoCalls).toBe(0);
  });

  it('serves a portal whose stored OAuth server is spelled another way (capitals, no trailing slash), as rows of earlier versions are', async () => {
    await installEast();
    const rows = await createTables(app.config.storage).table(`${app.tablePrefix}installations`);
    await rows.updateEntity({ partitionKey: east.memberId, rowKey: 'installation', oauthUrl: east.oauthUrl.toUpperCase().replace(/\/$/, '') }, 'Merge');
    await app.runtime.installations.markBound(east.memberId); // and this instance forgets the row it kept
    const frame = east.sidebarForm({ dialogId: 'chat2', userId: 2 });
    east.expireAccessTokens();
    // The frame's expired token is refreshed at the portal's own server.
    expect((await app.placement(frame)).status).toBe(200);
    expect(east.stats.refreshes).toBe(1);
    expect(app.sim.stats.refreshes).toBe(0);
  });

  it('sends every refresh of a portal’s tokens to that portal’s own OAuth server', async () => {
    await installEast();
    const page = await openEast(2);
    const id = await createArticle(app, page, 'East');
    const frame = east.sidebarForm({ dialogId: 'chat2', userId: 2 });
    east.expireAccessTokens();
    east.clearLogs();
    app.sim.clearLogs();
    // The frame's expired token, the user's stored ones (write check, then the post), the admin's stored ones
    // ("bind again" asks the portal whether they are still an admin), the installation's.
    expect((await app.placement(frame)).status).toBe(200);
    east.expireAccessTokens();
    expect(visibleText((await act(app, page, 'post', { id })).body)).toContain('Posted to the chat.');
    east.placements.splice(0); // "Add the app’s items to the chats again" is offered when an item is missing
    const appPage = await app.placement(east.appPageForm());
    east.expireAccessTokens();
    expect((await app.placement(`session=${encodeURIComponent(hiddenField(appPage, 'session'))}`, 'rebind')).status).toBe(200);
    expect(east.stats.refreshes).toBe(4);
    expect(app.sim.stats.refreshes).toBe(0);
    expect(app.sim.requestLog).toEqual([]);
  });

  it('refuses a portal whose install page names a server outside the list with a clear page, sending nothing anywhere', async () => {
    const answer = await app.install(unknown.installForm({ withServerEndpoint: true, lang: 'de' }));
    expect(answer.status).toBe(403);
    expect(visibleText(answer.body)).toMatch(/Installation wurde nicht abgeschlossen.*Autorisierungsserver \(Region\)/);
    expect([unknown.requestLog, app.sim.requestLog, east.requestLog]).toEqual([[], [], []]);
    expect(await app.runtime.installations.get(unknown.memberId)).toBeNull();
  });

  it('refuses ONAPPINSTALL and script-only installs from a server outside the list, sending nothing anywhere', async () => {
    const event = await app.install(unknown.eventForm('ONAPPINSTALL'));
    expect(event.status).toBe(403);
    expect(event.body).toBe('This Bitrix24’s region is not served here.');
    const scriptOnly = new URLSearchParams(unknown.eventForm('ONAPPINSTALL'));
    scriptOnly.delete('event');
    expect((await app.install(scriptOnly.toString())).status).toBe(403);
    expect([unknown.requestLog, app.sim.requestLog, east.requestLog]).toEqual([[], [], []]);
  });

  it('refuses an install page of an unknown region that names no server after asking only the allowed ones', async () => {
    const answer = await app.install(unknown.installForm());
    expect(answer.status).toBe(403);
    expect(unknown.requestLog).toEqual([]);
    expect(await app.runtime.installations.get(unknown.memberId)).toBeNull();
  });

  it('stops serving a portal whose server the operator removed from the list, sending it and its server nothing', async () => {
    await app.installApp();
    await installEast();
    // The same deployment (storage) after BITRIX24_OAUTH_URLS was emptied: only the default server is left.
    const narrowed = await startApp({ runtime: { tablePrefix: app.tablePrefix }, config: { oauthUrl: app.sim.oauthUrl } });
    try {
      // The default region's portal (the harness's own) keeps working there.
      expect((await narrowed.placement(app.sim.sidebarForm({ dialogId: 'chat2' }))).status).toBe(200);
      east.expireAccessTokens();
      east.clearLogs();
      const answer = await narrowed.placement(east.sidebarForm({ dialogId: 'chat2' }));
      expect(answer.status).toBe(403);
      expect(visibleText(answer.body)).toContain('This Bitrix24’s region is not served here');
      expect(east.requestLog).toEqual([]);
    } finally {
      await narrowed.close();
    }
  });

  it('binds nothing again for a portal whose server the operator removed, even with an admin session from before', async () => {
    await installEast();
    east.placements.splice(0); // "Add the sidebar item again" is offered when the item is missing
    const appPage = await app.placement(east.appPageForm());
    const narrowed = await startApp({ runtime: { tablePrefix: app.tablePrefix }, config: { oauthUrl: app.sim.oauthUrl } });
    try {
      east.clearLogs();
      const answer = await narrowed.placement(`session=${encodeURIComponent(hiddenField(appPage, 'session'))}`, 'rebind');
      expect(answer.status).toBe(403);
      expect(visibleText(answer.body)).toContain('This Bitrix24’s region is not served here');
      expect(east.requestLog).toEqual([]);
    } finally {
      await narrowed.close();
    }
  });
});
