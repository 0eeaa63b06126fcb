import { startApp, visibleText, type AppHarness } from '../support/appHarness';

function sessionOf(page: string): string {
  return /name="session" value="([^"]+)"/.exec(page)?.[1] ?? '';
}

describe('app page (PLACEMENT=DEFAULT on /api/placement)', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
  });
  afterEach(() => app.close());

  it('tells every user what the app does and how to open it in a chat', async () => {
    const answer = await app.placement(app.sim.appPageForm({ userId: 2 }));
    expect(answer.status).toBe(200);
    const text = visibleText(answer.body);
    expect(text).toContain('gives every chat a knowledge base');
    expect(text).toContain('choose “Knowledge base”');
    expect(text).not.toContain('Installation health');
  });

  it('shows an admin the installation’s health, checked with placement.get', async () => {
    const answer = await app.placement(app.sim.appPageForm({ lang: 'de' }));
    expect(visibleText(answer.body)).toMatch(/Zustand der Installation.*Eintrag in der Chat-Seitenleiste ✓ Aktiv/);
    expect(app.sim.restLog.map((entry) => entry.method)).toEqual(expect.arrayContaining(['placement.get', 'user.admin', 'user.current']));
  });

  it('lets an admin bind the sidebar item again when it went missing', async () => {
    app.sim.placements.splice(0);
    const page = await app.placement(app.sim.appPageForm());
    expect(visibleText(page.body)).toContain('Sidebar item in chats ✗ Missing');

    const answer = await app.placement(`session=${encodeURIComponent(sessionOf(page.body))}`, 'rebind');
    expect(answer.status).toBe(200);
    expect(visibleText(answer.body)).toContain('The sidebar item was added again.');
    expect(app.sim.placements.map((p) => p.placement)).toEqual(['IM_SIDEBAR']);
  });

  it('offers “Add the sidebar item again” only when the item is missing or Bitrix24 could not say', async () => {
    const bound = await app.placement(app.sim.appPageForm());
    expect(visibleText(bound.body)).toContain('Sidebar item in chats ✓ Active');
    expect(visibleText(bound.body)).not.toContain('Add the sidebar item again');
    app.sim.placements.splice(0);
    const missing = await app.placement(app.sim.appPageForm());
    expect(visibleText(missing.body)).toContain('Add the sidebar item again');
  });

  it('rebinds with the stored installation tokens, refreshing them when they expired', async () => {
    app.sim.placements.splice(0);
    const page = await app.placement(app.sim.appPageForm());
    app.sim.expireAccessTokens();
    const before = (await app.runtime.installations.get(app.sim.memberId))?.installation.refreshToken;
    const answer = await app.placement(`session=${encodeURIComponent(sessionOf(page.body))}`, 'rebind');
    expect(answer.status).toBe(200);
    const after = (await app.runtime.installations.get(app.sim.memberId))?.installation.refreshToken;
    expect(after).not.toBe(before);
    expect(after).toBe(app.sim.lastIssuedRefreshToken(1));
  });

  it('asks the portal when an admin binds again: one who is no admin any more since the page opened binds nothing', async () => {
    app.sim.placements.splice(0);
    const page = await app.placement(app.sim.appPageForm());
    app.sim.directory.users.find((user) => user.id === 1)!.admin = false;
    const answer = await app.placement(`session=${encodeURIComponent(sessionOf(page.body))}`, 'rebind');
    expect(answer.status).toBe(403);
    expect(app.sim.placements).toEqual([]);
    expect(app.sim.restLog.filter((entry) => entry.method === 'placement.bind')).toHaveLength(1); // the install's
  });

  it('refuses to rebind without a valid admin session', async () => {
    for (const session of ['', 'forged.session', sessionOf((await app.placement(app.sim.appPageForm())).body).replace(/.$/, 'x')]) {
      const answer = await app.placement(`session=${encodeURIComponent(session)}`, 'rebind');
      expect(answer.status).toBe(401);
    }
    expect(app.sim.restLog.filter((entry) => entry.method === 'placement.bind')).toHaveLength(1); // the install's
  });
});
