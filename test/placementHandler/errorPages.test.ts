import { AppError } from '../../shared/errors';
import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, createArticle, cspDirective, formFields, openSidebar, submit } from '../support/sidebarDriver';

describe('error pages in the sidebar', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
  });
  afterEach(() => app.close());

  it('frame an action’s error in the portal that signed its session, in the user’s language, with the way back to the list', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2', lang: 'de' });
    const id = await createArticle(app, page, 'Urlaubsplan');
    await app.runtime.articles.delete({ memberId: app.sim.memberId, chatId: 2 }, id, (await app.runtime.articles.get({ memberId: app.sim.memberId, chatId: 2 }, id))!.etag);

    const gone = await act(app, page, 'edit', { id });
    expect(gone.status).toBe(404);
    expect(cspDirective(gone, 'frame-ancestors')).toBe(`http://${app.sim.domain}`);
    expect(visibleText(gone.body)).toMatch(/Dieser Artikel wurde gelöscht.*Er liegt im Papierkorb des Chats.*„Urlaubsplan“ wurde am .* gelöscht\. Papierkorb ← Alle Artikel/);
    const back = formFields(gone, 'back');
    expect(back.action).toBe('/api/placement/list');
    const list = await submit(app, back);
    expect(list.status).toBe(200);
    expect(visibleText(list.body)).toContain('Keine Artikel Im Papierkorb liegt 1 gelöschter Artikel.');
  });

  it('frame a refused action the same way (changing another’s article without being a manager)', async () => {
    const anna = await openSidebar(app, { dialogId: 'chat2', userId: 1 });
    const id = await createArticle(app, anna, 'Anna’s');
    const boris = await openSidebar(app, { dialogId: 'chat2', userId: 2, lang: 'ru' });
    const refused = await act(app, boris, 'delete', { id });
    expect(refused.status).toBe(403);
    expect(cspDirective(refused, 'frame-ancestors')).toBe(`http://${app.sim.domain}`);
    expect(visibleText(refused.body)).toMatch(/Доступ запрещён.*← Все статьи/);
  });

  it('offer “Try again” with the same form when the failure may pass, and it works once it did', async () => {
    let down = false;
    const flaky = await startApp({
      patch: (runtime) => ({
        ...runtime,
        articles: {
          ...runtime.articles,
          get: (chat, id) => (down ? Promise.reject(new AppError('storage_unavailable', 'down')) : runtime.articles.get(chat, id)),
          open: (chat, id) => (down ? Promise.reject(new AppError('storage_unavailable', 'down')) : runtime.articles.open(chat, id)),
        },
      }),
    });
    try {
      await flaky.installApp();
      const page = await openSidebar(flaky, { dialogId: 'chat2' });
      const id = await createArticle(flaky, page, 'VPN');
      down = true;
      const failed = await act(flaky, page, 'open', { id });
      expect(failed.status).toBe(503);
      expect(cspDirective(failed, 'frame-ancestors')).toBe(`http://${flaky.sim.domain}`);
      expect(visibleText(failed.body)).toMatch(/temporarily unavailable.*Try again.*← All articles/);
      down = false;
      const retry = formFields(failed, 'retry');
      expect(retry.action).toBe('/api/placement/open');
      const again = await submit(flaky, retry);
      expect(again.status).toBe(200);
      expect(visibleText(again.body)).toContain('VPN');
    } finally {
      await flaky.close();
    }
  });

  it('never frame a page on the say-so of the request’s DOMAIN before the portal is verified', async () => {
    const form = app.sim.sidebarForm({ dialogId: 'chat2' });
    const evil = { ...form, query: form.query.replace(`DOMAIN=${encodeURIComponent(app.sim.domain)}`, 'DOMAIN=evil.example.com') };
    // A known portal with a forged DOMAIN: only the portal's stored origin may frame the refusal.
    const forged = await app.placement(evil);
    expect(forged.status).toBe(403);
    expect(cspDirective(forged, 'frame-ancestors')).toBe(`http://${app.sim.domain}`);
    // A portal this deployment does not know: nobody may frame it.
    const unknown = await app.placement({ ...evil, body: evil.body.replace(app.sim.memberId, 'f'.repeat(32)) });
    expect(unknown.status).toBe(403);
    expect(cspDirective(unknown, 'frame-ancestors')).toBe("'none'");
    // A malformed request and an install whose token the OAuth server does not confirm: the same.
    expect(cspDirective(await app.placement({ query: 'DOMAIN=evil.example.com&PROTOCOL=1', body: 'PLACEMENT=IM_SIDEBAR' }), 'frame-ancestors')).toBe("'none'");
    const install = app.sim.installForm();
    const refusedInstall = await app.install({ ...install, query: install.query.replace(`DOMAIN=${encodeURIComponent(app.sim.domain)}`, 'DOMAIN=evil.example.com'), body: install.body.replace(app.sim.memberId, 'e'.repeat(32)) });
    expect(refusedInstall.status).toBe(403);
    expect(cspDirective(refusedInstall, 'frame-ancestors')).toBe("'none'");
    // A forged session names no portal at all.
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const forgedSession = await act(app, { ...page, session: `${page.session.split('.')[0]}.${'A'.repeat(43)}` }, 'list');
    expect(forgedSession.status).toBe(401);
    expect(cspDirective(forgedSession, 'frame-ancestors')).toBe("'none'");
  });

  it('load only the BX24 library itself: script-src names its exact URL, not its origin', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const scriptSrc = cspDirective(page, 'script-src').split(' ');
    expect(scriptSrc).toHaveLength(2);
    expect(scriptSrc[0]).toMatch(/^'nonce-/);
    expect(scriptSrc[1]).toBe(app.sim.bx24ScriptUrl);
    const error = await act(app, page, 'open', { id: '0'.repeat(21) });
    expect(cspDirective(error, 'script-src').split(' ')[1]).toBe(app.sim.bx24ScriptUrl);
  });
});
