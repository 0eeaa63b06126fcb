import type { ArticleStore } from '../../shared/storage/articleStore';
import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, createArticle, openSidebar } from '../support/sidebarDriver';

/** A promise the test opens when it wants, and one that tells when the code reached it. */
function gate() {
  let open!: () => void;
  let reached!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const arrived = new Promise<void>((resolve) => (reached = resolve));
  return { open, arrived, pass: async () => { reached(); await opened; } };
}

describe('an uninstall with “delete data” racing with writes', () => {
  let app: AppHarness;
  let beforeCreate: ReturnType<typeof gate> | undefined;
  let duringPurge: ReturnType<typeof gate> | undefined;
  beforeEach(async () => {
    beforeCreate = undefined;
    duringPurge = undefined;
    app = await startApp({
      patch: (runtime) => {
        const articles: ArticleStore = {
          ...runtime.articles,
          async create(chat, draft, limit) {
            await beforeCreate?.pass();
            return runtime.articles.create(chat, draft, limit);
          },
          async deletePortal(memberId) {
            const deleted = await runtime.articles.deletePortal(memberId);
            await duringPurge?.pass();
            return deleted;
          },
        };
        return { ...runtime, articles };
      },
    });
    await app.installApp();
  });
  afterEach(() => app.close());

  const portalArticles = () => app.runtime.articles.page({ memberId: app.sim.memberId, chatId: 2 }).then((page) => page.articles);

  it('leaves nothing behind when a write that was checked before the uninstall lands after the purge', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    await createArticle(app, page, 'Old');
    beforeCreate = gate();
    const writing = act(app, page, 'create', { title: 'Landed late' });
    await beforeCreate.arrived; // checked with the portal and storage, about to write
    expect((await app.install(app.sim.eventForm('ONAPPUNINSTALL', { clean: true }))).status).toBe(200);
    beforeCreate.open();
    const answer = await writing;
    expect(answer.status).toBe(403);
    expect(visibleText(answer.body)).toContain('This app is not installed on this Bitrix24');
    expect(await portalArticles()).toEqual([]);
  });

  it('refuses every write from the moment the uninstall starts, before its purge is done', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const id = await createArticle(app, page, 'Old');
    duringPurge = gate();
    const uninstalling = app.install(app.sim.eventForm('ONAPPUNINSTALL', { clean: true }));
    await duringPurge.arrived; // articles purged, the installation not yet deleted
    const attempts = await Promise.all([act(app, page, 'create', { title: 'During the purge' }), act(app, page, 'post', { id })]);
    expect(attempts.map((answer) => answer.status)).toEqual([403, 403]);
    duringPurge.open();
    expect((await uninstalling).status).toBe(200);
    expect(await portalArticles()).toEqual([]);
    expect(app.sim.messages).toEqual([]);
    expect(await app.runtime.installations.get(app.sim.memberId, { fresh: true })).toBeNull();
  });

  it('keeps a reinstall that arrived while the uninstall was still purging', async () => {
    await openSidebar(app, { dialogId: 'chat2' });
    duringPurge = gate();
    const uninstalling = app.install(app.sim.eventForm('ONAPPUNINSTALL', { clean: true }));
    await duringPurge.arrived;
    app.sim.installed = false;
    await app.installApp();
    duringPurge.open();
    expect((await uninstalling).status).toBe(200);
    expect((await app.runtime.installations.get(app.sim.memberId, { fresh: true }))?.installation.status).toBe('active');
    expect((await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }))).status).toBe(200);
  });
});
