import { startApp, type AppHarness, type Payload } from '../support/appHarness';
import { act, createArticle, hiddenField, openSidebar } from '../support/sidebarDriver';
import { requestTokenKeys, recordIssuedTokens } from './support/secrets';
import { decodedFields } from './support/wireForm';

/**
 * The app's main flows, start to finish, with the harness's capturing log: no line may carry an access
 * token, a refresh token, the application token, the client secret, the session secret, the token key or a
 * signed session, whichever way the value reached the app (form, event, refresh answer, page).
 */
describe('what the app logs through its main flows', () => {
  let app: AppHarness;
  let issued: Set<string>;
  /** every secret met on the way, with where it came from */
  const secrets = new Map<string, string>();
  const keep = (value: string | null | undefined, origin: string) => {
    if (value && value.length >= 8 && !secrets.has(value)) secrets.set(value, origin);
  };
  const keepFormTokens = (payload: Payload | string, origin: string) => {
    const { query, body } = typeof payload === 'string' ? { query: '', body: payload } : payload;
    for (const [key, value] of decodedFields({ query, body })) if (requestTokenKeys.has(key)) keep(value, `${origin} ${key}`);
  };
  /** A page's signed session, and its signature alone (a line could carry just that). */
  const keepSession = (page: { body: string }, origin: string) => {
    const session = hiddenField({ status: 200, headers: new Headers(), body: page.body }, 'session');
    keep(session, `${origin} session`);
    keep(session.split('.')[1], `${origin} session signature`);
  };
  const expectStatus = (answer: { status: number }, status: number, what: string) => expect({ what, status: answer.status }).toEqual({ what, status });

  beforeAll(async () => {
    app = await startApp();
    issued = recordIssuedTokens(app.sim);
    const { sim } = app;

    // Install page, then ONAPPINSTALL as BX24.installFinish() makes the portal send it.
    const installForm = sim.installForm();
    keepFormTokens(installForm, 'install page');
    expectStatus(await app.install(installForm), 200, 'install page');
    const installEvent = sim.eventForm('ONAPPINSTALL');
    keepFormTokens(installEvent, 'ONAPPINSTALL');
    expectStatus(await app.install(installEvent), 200, 'ONAPPINSTALL');
    sim.installed = true;

    // The sidebar, opened with an access token that expired meanwhile: refreshed with REFRESH_ID.
    const sidebarForm = sim.sidebarForm({ dialogId: 'chat2', userId: 2 });
    keepFormTokens(sidebarForm, 'sidebar');
    sim.expireAccessTokens();
    const sidebar = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    keepSession(sidebar, 'sidebar');
    const expiredOpen = await app.placement(sidebarForm);
    expectStatus(expiredOpen, 200, 'sidebar opened with an expired token');
    keepSession(expiredOpen, 'sidebar after refresh');

    // Write, edit, open and post an article; the post after expiry refreshes the user's stored tokens.
    const id = await createArticle(app, sidebar, 'VPN setup', 'Download the client, then sign in.');
    const editor = await act(app, sidebar, 'edit', { id });
    keepSession(editor, 'editor');
    expectStatus(await act(app, sidebar, 'update', { id, etag: hiddenField(editor, 'etag'), title: 'VPN setup', body: 'New client.' }), 200, 'update');
    expectStatus(await act(app, sidebar, 'open', { id }), 200, 'open');
    sim.expireAccessTokens();
    const posted = await act(app, sidebar, 'post', { id });
    expectStatus(posted, 200, 'post after expiry');
    keepSession(posted, 'post');

    // The app page as the admin, and "add the sidebar item again" (offered once the item went missing) with
    // refreshed installation tokens.
    sim.placements.splice(0);
    const appPageForm = sim.appPageForm();
    keepFormTokens(appPageForm, 'app page');
    const appPage = await app.placement(appPageForm);
    expectStatus(appPage, 200, 'app page');
    keepSession(appPage, 'app page');
    sim.expireAccessTokens();
    const rebound = await app.placement({ query: '', body: new URLSearchParams({ session: hiddenField(appPage, 'session') }).toString() }, 'rebind');
    expectStatus(rebound, 200, 'rebind after expiry');

    // Refusals log their reasons: a forged session, a dead token, a wrong application token.
    expectStatus(await act(app, { session: `${sidebar.session.split('.')[0]}.${'A'.repeat(43)}`, dialog: 'chat2' }, 'list'), 401, 'forged session');
    const dead = sim.sidebarForm({ dialogId: 'chat2' });
    sim.revokeApp();
    keepFormTokens(dead, 'revoked sidebar');
    expectStatus(await app.placement(dead), 401, 'revoked token');
    const appPageAgain = sim.appPageForm();
    const forged = new URLSearchParams(appPageAgain.body);
    forged.set('APPLICATION_TOKEN', 'f'.repeat(32));
    keepFormTokens(appPageAgain, 'forged app page');
    expectStatus(await app.placement({ query: appPageAgain.query, body: forged.toString() }), 403, 'wrong application token');

    // Uninstall with "delete data".
    const uninstall = sim.eventForm('ONAPPUNINSTALL', { clean: true });
    keepFormTokens(uninstall, 'ONAPPUNINSTALL');
    expectStatus(await app.install(uninstall), 200, 'ONAPPUNINSTALL');

    for (const token of issued) keep(token, 'issued by the simulator');
    for (const user of [1, 2, 3]) keep(sim.lastIssuedRefreshToken(user), `last refresh token of user ${user}`);
    keep(sim.applicationToken, 'application token');
    keep(sim.clientSecret, 'client secret (simulator)');
    keep(app.config.clientSecret, 'client secret');
    keep(app.config.sessionSecret, 'session secret');
    for (const key of [app.config.tokenKey, app.config.previousTokenKey]) {
      if (key) for (const encoding of ['base64', 'hex', 'base64url'] as const) keep(key.toString(encoding), `token key (${encoding})`);
    }
  });
  afterAll(() => app.close());

  it('logged every flow it went through', () => {
    const log = app.logs.join('\n');
    for (const event of ['install.done', 'event.install', 'request.refused', 'event.uninstall']) expect(log).toContain(event);
    expect(app.logs.filter((line) => line.includes('request.done')).length).toBeGreaterThanOrEqual(14);
  });

  it('met the secrets it looks for: tokens of every kind, sessions, the app’s secrets', () => {
    const origins = [...secrets.values()].join('\n');
    // APPLICATION_TOKEN of the forms is the events' auth[application_token]: counted once, under the first.
    expect(secrets.has(app.sim.applicationToken)).toBe(true);
    for (const kind of ['AUTH_ID', 'REFRESH_ID', 'auth[access_token]', 'auth[refresh_token]', 'auth[application_token]', 'session', 'session signature', 'issued by the simulator', 'client secret', 'session secret', 'token key']) {
      expect(origins).toContain(kind);
    }
    expect(issued.size).toBeGreaterThan(10); // forms, events and every refresh
  });

  it('keeps every access token, refresh token, application token, secret and session out of every log line', () => {
    const leaks = app.logs.flatMap((line) => [...secrets].filter(([secret]) => line.includes(secret)).map(([, origin]) => `${origin}: ${line.slice(0, 160)}`));
    expect(leaks).toEqual([]);
  });
});
