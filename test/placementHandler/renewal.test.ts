import { sessionLifetimeSeconds } from '../../shared/web/session';
import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, articleIds, cspDirective, formFields, openSidebar, submit, type SidebarPage } from '../support/sidebarDriver';

/** The renew form of an ended session's page, as the page script sends it with a fresh token from BX24. */
function renewed(page: SidebarPage, tokens: { accessToken: string; refreshToken: string; expiresIn: number }) {
  const form = formFields(page, 'renew');
  return { ...form, fields: { ...form.fields, AUTH_ID: tokens.accessToken, REFRESH_ID: tokens.refreshToken, AUTH_EXPIRES: String(tokens.expiresIn) } };
}

describe('a sidebar whose session ended', () => {
  let app: AppHarness;
  /** seconds the app's clock runs ahead of the portal's */
  let ahead = 0;
  beforeEach(async () => {
    ahead = 0;
    app = await startApp({ runtime: { now: () => Math.floor(Date.now() / 1000) + ahead } });
    await app.installApp();
  });
  afterEach(() => app.close());

  it('answers with a framed page that renews the session and sends the action again, writing once', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2', userId: 2, lang: 'de' });
    const editor = await act(app, page, 'new');
    const key = formFields(editor, 'article-form').fields.key ?? '';
    ahead = sessionLifetimeSeconds + 60;

    const ended = await act(app, page, 'create', { title: 'Urlaubsplan', body: 'Bis Freitag eintragen.', key });
    expect(ended.status).toBe(401);
    expect(cspDirective(ended, 'frame-ancestors')).toBe(`http://${app.sim.domain}`);
    expect(ended.body).toContain('data-resume="renew"');
    expect(visibleText(ended.body)).toContain('Sitzung wird erneuert');
    // Without JavaScript: what happened, what was typed, and a button.
    expect(visibleText(ended.body)).toMatch(/Ihre Sitzung ist abgelaufen.*Urlaubsplan.*Bis Freitag eintragen.*Erneuern und fortfahren/);
    expect((await app.runtime.articles.page({ memberId: app.sim.memberId, chatId: 2 })).total).toBe(0);

    const form = renewed(ended, app.sim.issueTokens(2));
    expect(form.action).toBe('/api/placement/resume');
    const done = await submit(app, form);
    expect(done.status).toBe(200);
    expect(visibleText(done.body)).toMatch(/Artikel gespeichert.*Urlaubsplan.*Geschrieben von Boris Ivanov/);
    // The page carries on with a session that works now.
    expect((await act(app, done, 'list')).status).toBe(200);
    // Sent again (a reload of the renewed page): still one article.
    expect((await submit(app, renewed(ended, app.sim.issueTokens(2)))).status).toBe(200);
    expect((await app.runtime.articles.page({ memberId: app.sim.memberId, chatId: 2 })).total).toBe(1);
  });

  it('verifies the fresh token with the portal and refuses to send one user’s action as another', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    ahead = sessionLifetimeSeconds + 60;
    const ended = await act(app, page, 'create', { title: 'Boris’s text', body: '' });
    app.sim.clearLogs();
    const asAnna = await submit(app, renewed(ended, app.sim.issueTokens(1)));
    expect(asAnna.status).toBe(401);
    expect(app.sim.restLog.map((entry) => entry.method)).toContain('user.current');
    const forged = await submit(app, renewed(ended, { accessToken: 'not-a-portal-token', refreshToken: 'nope-nope', expiresIn: 3600 }));
    expect(forged.status).toBe(401);
    expect((await app.runtime.articles.page({ memberId: app.sim.memberId, chatId: 2 })).total).toBe(0);
  });

  it('explains and keeps the text when the page could not get a fresh token (no JavaScript)', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    ahead = sessionLifetimeSeconds + 60;
    const ended = await act(app, page, 'create', { title: 'Kept', body: 'typed for an hour' });
    const withoutToken = await submit(app, formFields(ended, 'renew'));
    expect(withoutToken.status).toBe(401);
    expect(cspDirective(withoutToken, 'frame-ancestors')).toBe(`http://${app.sim.domain}`);
    expect(visibleText(withoutToken.body)).toContain('Your session has ended');
    expect((await app.runtime.articles.page({ memberId: app.sim.memberId, chatId: 2 })).total).toBe(0);
  });

  it('renews a view as well: the list the user asked for, with the query', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    await act(app, page, 'create', { title: 'Printer', body: 'Room 204' });
    await act(app, page, 'create', { title: 'VPN', body: '' });
    ahead = sessionLifetimeSeconds + 60;
    const ended = await act(app, page, 'list', { q: 'print' });
    const shown = await submit(app, renewed(ended, app.sim.issueTokens(1)));
    expect(shown.status).toBe(200);
    expect(articleIds(shown)).toHaveLength(1);
    expect(visibleText(shown.body)).toContain('1 article found');
  });
});

describe('going back to a sidebar page (GET /api/placement/restore)', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
  });
  afterEach(() => app.close());

  it('each page names where going back to it leads: the restore page of its portal, with what it showed', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2', lang: 'ru' });
    const id = (await act(app, page, 'create', { title: 'VPN', body: '' })).body;
    expect(page.body).toContain(`data-restore="/api/placement/restore?member=${app.sim.memberId}&amp;lang=ru"`);
    expect(page.body).toContain('data-view="{&quot;then&quot;:&quot;list&quot;,&quot;dialog&quot;:&quot;chat2&quot;}"');
    expect(id).toMatch(/data-view="\{&quot;then&quot;:&quot;open&quot;,&quot;id&quot;:&quot;\d{13}[0-9a-f]{8}&quot;,&quot;dialog&quot;:&quot;chat2&quot;\}"/);
  });

  it('answers GET with a page framed by the stored portal only, that shows the view again with a fresh token', async () => {
    const restore = await app.placementGet(`member=${app.sim.memberId}&lang=de`, 'restore');
    expect(restore.status).toBe(200);
    expect(cspDirective(restore, 'frame-ancestors')).toBe(`http://${app.sim.domain}`);
    expect(restore.body).toContain('data-resume="restore"');
    const form = formFields(restore, 'restore-form');
    expect(form.fields).toMatchObject({ DOMAIN: app.sim.domain, member_id: app.sim.memberId, PLACEMENT: 'IM_SIDEBAR', LANG: 'de' });
    // What the page script adds from the history entry and BX24, then sends:
    const tokens = app.sim.issueTokens(1);
    const shown = await submit(app, {
      action: form.action,
      fields: { ...form.fields, AUTH_ID: tokens.accessToken, REFRESH_ID: tokens.refreshToken, AUTH_EXPIRES: '3600', then: 'list', dialog: 'chat2', PLACEMENT_OPTIONS: '{"dialogId":"chat2"}' },
    });
    expect(shown.status).toBe(200);
    expect(visibleText(shown.body)).toContain('Noch keine Artikel');

    const unknown = await app.placementGet(`member=${'f'.repeat(32)}`, 'restore');
    expect(cspDirective(unknown, 'frame-ancestors')).toBe("'none'");
    expect(visibleText(unknown.body)).toContain('Open the knowledge base again');
    expect((await app.placementGet('', 'open')).status).toBe(404);
  });
});
