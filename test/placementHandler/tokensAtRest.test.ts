import { TableClient } from '@azure/data-tables';
import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, createArticle, openSidebar } from '../support/sidebarDriver';
import { testStorageConnectionString } from '../support/testStorage';

/** Every string column of every row in the app's tables, as stored. */
async function rawRows(app: AppHarness, table: string): Promise<string> {
  const rows: unknown[] = [];
  for (const name of (await listTables(app)).filter((n) => n === `${app.tablePrefix}${table}`)) {
    const client = TableClient.fromConnectionString(testStorageConnectionString(), name, { allowInsecureConnection: true });
    for await (const entity of client.listEntities()) rows.push(entity);
  }
  return JSON.stringify(rows);
}

async function listTables(app: AppHarness): Promise<string[]> {
  const { TableServiceClient } = await import('@azure/data-tables');
  const service = TableServiceClient.fromConnectionString(testStorageConnectionString(), { allowInsecureConnection: true });
  const names: string[] = [];
  for await (const table of service.listTables()) if (table.name) names.push(table.name);
  return names;
}

describe('tokens at rest', () => {
  let app: AppHarness;
  afterEach(() => app.close());

  it('stores no access, refresh or application token in plain text', async () => {
    app = await startApp();
    await app.installApp();
    const page = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    expect(page.status).toBe(200);
    const form = new URLSearchParams(app.sim.sidebarForm({ dialogId: 'chat2', userId: 2 }).body);
    await app.placement(app.sim.sidebarForm({ dialogId: 'chat2', userId: 2 }));
    const stored = (await rawRows(app, 'installations')) + (await rawRows(app, 'usertokens'));
    for (const secret of [app.sim.applicationToken, app.sim.lastIssuedRefreshToken(1), app.sim.lastIssuedRefreshToken(2), form.get('AUTH_ID')]) {
      expect(secret).toBeTruthy();
      expect(stored).not.toContain(secret);
    }
    expect(stored).toMatch(/"refreshToken":"enc1:/);
    // ...and the app itself still reads them.
    expect((await app.runtime.installations.get(app.sim.memberId))?.installation.applicationToken).toBe(app.sim.applicationToken);
  });

  it('keeps working after a key change when the previous key is configured', async () => {
    app = await startApp();
    await app.installApp();
    const rotated = await startApp({
      config: { tokenKey: Buffer.alloc(32, 9), previousTokenKey: app.config.tokenKey },
      runtime: { tablePrefix: tablePrefixOf(app) },
    });
    try {
      const stored = await rotated.runtime.installations.get(app.sim.memberId);
      expect(stored?.installation).toMatchObject({ status: 'active', applicationToken: app.sim.applicationToken });
    } finally {
      await rotated.close();
    }
  });

  it('treats rows it cannot open as “needs an admin”, not as a crash, and an admin’s visit renews them', async () => {
    app = await startApp();
    await app.installApp();
    const lost = await startApp({ config: { tokenKey: Buffer.alloc(32, 9), oauthUrl: app.sim.oauthUrl }, runtime: { tablePrefix: tablePrefixOf(app) } });
    try {
      const stored = await lost.runtime.installations.get(app.sim.memberId);
      expect(stored?.installation).toMatchObject({ status: 'needs_reopen', statusReason: 'undecryptable', accessToken: '' });
      // The same portal, seen through the app with the other key: the admin's app page renews the access.
      const form = app.sim.appPageForm();
      const page = await lost.placement(form);
      expect(page.status).toBe(200);
      expect(visibleText(page.body)).toContain('The app’s access was renewed with your sign-in.');
      expect((await lost.runtime.installations.get(app.sim.memberId))?.installation.status).toBe('active');
    } finally {
      await lost.close();
    }
  });

  it('replaces a user’s token row it cannot open with the pair from their next open, so they can post again', async () => {
    app = await startApp();
    await app.installApp();
    expect((await openSidebar(app, { dialogId: 'chat2', userId: 2 })).status).toBe(200);
    // The same tables seen with another key: user 2's stored pair can't be opened any more.
    const lost = await startApp({ config: { tokenKey: Buffer.alloc(32, 9), oauthUrl: app.sim.oauthUrl }, runtime: { tablePrefix: tablePrefixOf(app) } });
    try {
      // The app with the other key, driven by the same portal.
      const sameTables = { ...lost, sim: app.sim };
      expect(await lost.runtime.userTokens.get(app.sim.memberId, '2')).toBeNull();
      expect((await lost.placement(app.sim.appPageForm())).status).toBe(200); // the admin renews the installation
      const page = await openSidebar(sameTables, { dialogId: 'chat2', userId: 2 });
      expect((await lost.runtime.userTokens.get(app.sim.memberId, '2'))?.tokens.refreshToken).toBe(app.sim.lastIssuedRefreshToken(2));
      const id = await createArticle(sameTables, page, 'After the key change');
      expect(visibleText((await act(sameTables, page, 'post', { id })).body)).toContain('Posted to the chat.');
      expect(app.sim.messages).toEqual([expect.objectContaining({ dialogId: 'chat2', userId: 2 })]);
    } finally {
      await lost.close();
    }
  });
});

function tablePrefixOf(app: AppHarness): string {
  return app.tablePrefix;
}
