import { TableClient } from '@azure/data-tables';
import { startAzurite, type Azurite } from '../../local/azurite';
import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, createArticle, openSidebar } from '../support/sidebarDriver';
import { testStorageConnectionString } from '../support/testStorage';

describe('refresh leases', () => {
  let app: AppHarness;
  afterEach(() => app.close());

  it('does not let a refresh holder that died block the others for longer than its lease', async () => {
    app = await startApp({ runtime: { refreshTiming: { leaseMs: 400, waitMs: 3000, pollMs: 20 } } });
    await app.installApp();
    const page = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const id = await createArticle(app, page, 'After a crash');
    // An instance took the lease and died before refreshing.
    const lineage = app.runtime.userTokens.lineage(app.sim.memberId, '2');
    const row = await lineage.load();
    await lineage.takeLease(row!.etag, { owner: 'an-instance-that-died', until: Date.now() + 400 });
    app.sim.expireAccessTokens();
    app.sim.clearLogs();

    const answer = await act(app, page, 'post', { id });
    expect(visibleText(answer.body)).toContain('Posted to the chat.');
    expect(app.sim.stats.refreshes).toBe(1); // once the lease ran out, it refreshed once itself
    expect((await lineage.load())?.lease).toBeUndefined();
  });
});

describe('when storage stops answering', () => {
  let azurite: Azurite;
  let app: AppHarness;
  beforeAll(async () => {
    azurite = await startAzurite({ inMemory: true });
  });
  afterAll(async () => {
    process.kill(azurite.pid, 'SIGCONT');
    await app?.close();
    await azurite.stop();
  });

  it('answers 503 without partial writes, and works again once storage is back, without a restart', async () => {
    app = await startApp({ config: { storage: { kind: 'connectionString', connectionString: azurite.connectionString } } });
    await app.installApp();
    const page = await openSidebar(app, { dialogId: 'chat2' });

    process.kill(azurite.pid, 'SIGSTOP'); // storage hangs: accepts nothing, answers nothing
    try {
      const down = await act(app, page, 'create', { title: 'Written while storage was down' });
      expect(down.status).toBe(503);
      expect(visibleText(down.body)).toMatch(/The knowledge base is temporarily unavailable.*Try again/);
    } finally {
      process.kill(azurite.pid, 'SIGCONT');
    }

    const list = await act(app, page, 'list');
    expect(list.status).toBe(200);
    // A write the storage received before it stopped may still land whole once it resumes; never half of one.
    const stored = await app.runtime.articles.page({ memberId: app.sim.memberId, chatId: 2 });
    for (const article of stored.articles) expect(article).toMatchObject({ title: 'Written while storage was down', authorId: '1', excerpt: '' });
    expect((await act(app, page, 'create', { title: 'Written after' })).status).toBe(200);
  }, 30_000);
});

describe('when storage comes back empty', () => {
  let app: AppHarness;
  afterEach(() => app.close());

  it('recreates a table storage says is missing and carries on, without a restart', async () => {
    app = await startApp();
    await app.installApp();
    const page = await openSidebar(app, { dialogId: 'chat2' });
    await createArticle(app, page, 'Before the table went');
    // What a restarted Azurite or a table deleted by hand looks like to a running instance.
    const drop = (table: string) => TableClient.fromConnectionString(testStorageConnectionString(), `${app.tablePrefix}${table}`, { allowInsecureConnection: true }).deleteTable();
    await drop('articles');
    const saved = await act(app, page, 'create', { title: 'After the table went' });
    expect(saved.status).toBe(200);
    expect(visibleText(saved.body)).toContain('Article saved.');
    expect((await app.runtime.articles.page({ memberId: app.sim.memberId, chatId: 2 })).articles.map((article) => article.title)).toEqual(['After the table went']);

    await drop('usertokens');
    expect((await app.placement(app.sim.sidebarForm({ dialogId: 'chat2', userId: 2 }))).status).toBe(200);
    expect(await app.runtime.userTokens.get(app.sim.memberId, '2')).not.toBeNull();
  });

  it('treats a missing installations table as no installation, and installs again', async () => {
    app = await startApp({ runtime: { installationCacheMs: 0 } });
    await app.installApp();
    await TableClient.fromConnectionString(testStorageConnectionString(), `${app.tablePrefix}installations`, { allowInsecureConnection: true }).deleteTable();
    const answer = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }));
    expect(answer.status).toBe(403);
    expect(visibleText(answer.body)).toContain('This app is not installed on this Bitrix24');
    app.sim.installed = false;
    await app.installApp();
    expect((await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }))).status).toBe(200);
  });
});
