import type { TransactionAction } from '@azure/data-tables';
import { uninstallGraceMs } from '../../placementHandler/notInstalled';
import { AppError } from '../../shared/errors';
import { createArticleStore, type ArticleStore } from '../../shared/storage/articleStore';
import { createInstallationStore, uninstallReasons } from '../../shared/storage/installationStore';
import { createTokenCipher } from '../../shared/storage/tokenCipher';
import { createTables, type Tables } from '../../shared/storage/tableStorage';
import { readRows } from '../../shared/storage/partitionRows';
import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, createArticle, hiddenField, openSidebar } from '../support/sidebarDriver';
import { uniqueTableSuffix } from '../support/testStorage';

/**
 * A promise the test opens when it wants, and one that tells when the code reached it. Only the first to
 * pass waits (a reinstall that purges again meanwhile goes through).
 */
function gate() {
  let open!: () => void;
  let reached!: () => void;
  let passed = false;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const arrived = new Promise<void>((resolve) => (reached = resolve));
  return {
    open,
    arrived,
    pass: async () => {
      if (passed) return;
      passed = true;
      reached();
      await opened;
    },
  };
}

describe('an uninstall with “delete data” racing with writes', () => {
  let app: AppHarness;
  let beforeCreate: ReturnType<typeof gate> | undefined;
  let duringPurge: ReturnType<typeof gate> | undefined;
  let failingPurges = 0;
  beforeEach(async () => {
    beforeCreate = undefined;
    duringPurge = undefined;
    failingPurges = 0;
    app = await startApp({
      patch: (runtime) => {
        const articles: ArticleStore = {
          ...runtime.articles,
          async create(chat, draft, limit) {
            await beforeCreate?.pass();
            return runtime.articles.create(chat, draft, limit);
          },
          async deletePortal(memberId, stillWanted) {
            if (failingPurges > 0) {
              failingPurges--;
              throw new AppError('storage_unavailable', 'storage: delete portal articles failed (503)');
            }
            const deleted = await runtime.articles.deletePortal(memberId, stillWanted);
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

  it('ends every old session even when other writes touch the installation while its purge runs', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    await createArticle(app, page, 'Old');
    duringPurge = gate();
    const uninstalling = app.install(app.sim.eventForm('ONAPPUNINSTALL', { clean: true }));
    await duringPurge.arrived;
    // What other requests write meanwhile: a portal that answered PAYMENT_REQUIRED, a sidebar that found the
    // portal answering again, a refused refresh token, the sidebar item bound again.
    const { installations } = app.runtime;
    expect(await installations.markStatus(app.sim.memberId, 'inactive', 'PAYMENT_REQUIRED')).toBeNull();
    expect(await installations.markStatus(app.sim.memberId, 'active', '', ['inactive'])).toBeNull();
    await installations.lineage(app.sim.memberId).revoked();
    await installations.markBound(app.sim.memberId);
    expect((await installations.get(app.sim.memberId, { fresh: true }))?.installation.status).toBe('uninstalled');
    duringPurge.open();
    expect((await uninstalling).status).toBe(200);
    expect(await installations.get(app.sim.memberId, { fresh: true })).toBeNull();
    const late = await act(app, page, 'list');
    expect(late.status).toBe(403);
    expect(visibleText(late.body)).toContain('This app is not installed on this Bitrix24');
  });

  it('is not undone by an admin who opens the app on an instance that still has the installation from before', async () => {
    const { memberId } = app.sim;
    const stored = await app.runtime.installations.get(memberId, { fresh: true });
    await app.runtime.installations.save({ ...stored!.installation, status: 'needs_reopen', statusReason: 'invalid_grant' }, stored!.etag);
    await app.runtime.installations.get(memberId); // this instance now keeps the row for a few seconds
    // Another instance handles the uninstall event and marks the row; its purge is still at work.
    const elsewhere = createInstallationStore(createTables(app.config.storage), createTokenCipher(app.config.tokenKey), `${app.tablePrefix}installations`);
    await elsewhere.markStatus(memberId, 'uninstalled', uninstallReasons.deleteData);
    expect((await app.placement(app.sim.appPageForm())).status).toBe(200);
    expect((await elsewhere.get(memberId))?.installation.status).toBe('uninstalled');
  });

  it('is finished by the reinstall when its purge failed: no article of before shows up', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    await createArticle(app, page, 'Old');
    failingPurges = 1;
    expect((await app.install(app.sim.eventForm('ONAPPUNINSTALL', { clean: true }))).status).toBe(503);
    expect(await portalArticles()).toHaveLength(1);
    app.sim.installed = false;
    await app.installApp();
    expect(await portalArticles()).toEqual([]);
    expect((await app.runtime.installations.get(app.sim.memberId, { fresh: true }))?.installation.status).toBe('active');
    expect((await act(app, page, 'list')).status).toBe(401); // a session of the old installation
  });

  it('is finished by an old session’s request once the uninstall had its time, which still hears the app is gone', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    await createArticle(app, page, 'Old');
    failingPurges = 1;
    expect((await app.install(app.sim.eventForm('ONAPPUNINSTALL', { clean: true }))).status).toBe(503);
    expect((await act(app, page, 'list')).status).toBe(403); // too soon: the uninstall may still be at work
    expect(await portalArticles()).toHaveLength(1);
    const marked = await app.runtime.installations.get(app.sim.memberId, { fresh: true });
    await app.runtime.installations.save({ ...marked!.installation, updatedAt: new Date(Date.now() - uninstallGraceMs - 1000).toISOString() }, marked!.etag);
    const late = await act(app, page, 'list');
    expect(late.status).toBe(403);
    expect(visibleText(late.body)).toContain('This app is not installed on this Bitrix24');
    expect(await portalArticles()).toEqual([]);
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

/**
 * Tables whose purge (the only write that deletes rows and nothing else, a transaction at a time) runs `hook`
 * once before its first transaction: between listing the portal's rows and deleting them.
 */
function purgeHooked(tables: Tables, hook: { beforeDeleting?: () => Promise<void> }): Tables {
  const onlyDeletes = (actions: TransactionAction[]) => actions.length > 0 && actions.every((action) => action[0] === 'delete');
  return {
    async table(name) {
      const client = await tables.table(name);
      return new Proxy(client, {
        get(target, property) {
          if (property === 'submitTransaction') {
            return async (actions: TransactionAction[]) => {
              const run = onlyDeletes(actions) ? hook.beforeDeleting : undefined;
              if (run) {
                hook.beforeDeleting = undefined;
                await run();
              }
              return target.submitTransaction(actions);
            };
          }
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
}

describe('an uninstall with “delete data” meeting edits and deletes that were checked before it', () => {
  let app: AppHarness;
  const hook: { beforeDeleting?: () => Promise<void> } = {};
  let beforeUpdate: ReturnType<typeof gate> | undefined;
  let beforeRemove: ReturnType<typeof gate> | undefined;
  let tablePrefix = '';
  beforeEach(async () => {
    beforeUpdate = undefined;
    beforeRemove = undefined;
    tablePrefix = uniqueTableSuffix();
    app = await startApp({
      runtime: { tablePrefix },
      patch: (runtime) => {
        const hooked = createArticleStore(purgeHooked(createTables(runtime.config.storage), hook), `${tablePrefix}articles`);
        const articles: ArticleStore = {
          ...hooked,
          async update(chat, previous, next, etag) {
            await beforeUpdate?.pass();
            return hooked.update(chat, previous, next, etag);
          },
          async delete(chat, id, etag, check) {
            // Checked with the portal, then held: the write itself comes later.
            return hooked.delete(chat, id, etag, async (article) => {
              await check?.(article);
              await beforeRemove?.pass();
            });
          },
        };
        return { ...runtime, articles };
      },
    });
    await app.installApp();
  });
  afterEach(() => app.close());

  const articlesOf = (chatId: number) => app.runtime.articles.page({ memberId: app.sim.memberId, chatId }).then((page) => page.articles.map((article) => article.title));

  it('deletes every article of every chat, also when an edit and a delete land between listing and deleting', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const edited = await createArticle(app, page, 'To be edited');
    const removed = await createArticle(app, page, 'To be deleted');
    await createArticle(app, page, 'Untouched');
    const other = await openSidebar(app, { dialogId: 'chat5' });
    await createArticle(app, other, 'In a later chat');
    const etagOf = async (id: string) => hiddenField(await act(app, page, 'edit', { id }), 'etag');

    beforeUpdate = gate();
    beforeRemove = gate();
    const editing = act(app, page, 'update', { id: edited, etag: await etagOf(edited), title: 'Edited late', body: 'x' });
    const removing = act(app, page, 'remove', { id: removed, etag: await etagOf(removed) });
    await Promise.all([beforeUpdate.arrived, beforeRemove.arrived]); // both checked with the portal, about to write
    hook.beforeDeleting = async () => {
      // The portal's rows are listed: now the edit moves its summary, the delete removes its rows.
      beforeUpdate?.open();
      await editing;
      beforeRemove?.open();
      await removing;
    };
    expect((await app.install(app.sim.eventForm('ONAPPUNINSTALL', { clean: true }))).status).toBe(200);
    expect(hook.beforeDeleting).toBeUndefined(); // the writes did land mid-purge

    expect(await articlesOf(2)).toEqual([]);
    expect(await articlesOf(5)).toEqual([]);
    expect(await app.runtime.installations.get(app.sim.memberId, { fresh: true })).toBeNull();
    const late = await editing;
    expect(late.status).toBe(403);
    expect(visibleText(late.body)).toContain('This app is not installed on this Bitrix24');
  });

  it('keeps what a reinstall that came while the purge was at work writes', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    await createArticle(app, page, 'Old');
    hook.beforeDeleting = async () => {
      app.sim.installed = false;
      await app.installApp();
      await createArticle(app, await openSidebar(app, { dialogId: 'chat2' }), 'New');
    };
    expect((await app.install(app.sim.eventForm('ONAPPUNINSTALL', { clean: true }))).status).toBe(200);
    expect(hook.beforeDeleting).toBeUndefined();
    expect(await articlesOf(2)).toEqual(['New']);
    expect((await app.runtime.installations.get(app.sim.memberId, { fresh: true }))?.installation.status).toBe('active');
  });

  /** An edit checked with the portal, held, then written after an uninstall marked the installation for `reason`. */
  async function editLandingAfterMark(reason: string) {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const id = await createArticle(app, page, 'Before');
    beforeUpdate = gate();
    const editing = act(app, page, 'update', { id, etag: hiddenField(await act(app, page, 'edit', { id }), 'etag'), title: 'After', body: '' });
    await beforeUpdate.arrived;
    await app.runtime.installations.markStatus(app.sim.memberId, 'uninstalled', reason);
    beforeUpdate.open();
    return editing;
  }

  it('takes back an edit that lands while an uninstall’s purge is unfinished, and says the app is gone', async () => {
    // An uninstall with "delete data" marked the installation and stopped before its purge (storage failed).
    const answer = await editLandingAfterMark(uninstallReasons.deleteData);
    expect(answer.status).toBe(403);
    expect(visibleText(answer.body)).toContain('This app is not installed on this Bitrix24');
    expect(await articlesOf(2)).toEqual([]);
    // Taken back for good: no version the edit kept, no trash entry.
    const client = await createTables(app.config.storage).table(`${tablePrefix}articles`);
    const keys = (await readRows(client, 'test', `PartitionKey eq '${app.sim.memberId}_2'`, { select: ['RowKey'] })).map((row) => row.rowKey ?? '');
    expect(keys.filter((key) => !/^[rs]$/.test(key))).toEqual([]);
  });

  it('lets an edit stand when the uninstall keeps the data', async () => {
    expect((await editLandingAfterMark(uninstallReasons.keepData)).status).toBe(200);
    expect(await articlesOf(2)).toEqual(['After']);
  });
});
