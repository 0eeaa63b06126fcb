import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type Simulator } from '../../local/simulator';
import { fixtureJson, fixtureRequest, keysOf, postForm, rest } from './helpers';

/** A stand-in for the app's event handler: records form bodies it receives. */
async function startReceiver(): Promise<{ url: string; bodies: URLSearchParams[]; close(): Promise<void> }> {
  const bodies: URLSearchParams[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      bodies.push(new URLSearchParams(text));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/install`,
    bodies,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

describe('simulator forms and lifecycle', () => {
  let sim: Simulator;

  beforeEach(async () => {
    sim = await startSimulator({ appUrl: 'http://127.0.0.1:7071' });
  });

  afterEach(async () => {
    await sim.close();
  });

  test('the install form has the field set of the real capture', () => {
    const sample = fixtureRequest('install-ui.real.http');
    const form = sim.installForm({ userId: 1, lang: 'de' });
    const query = new URLSearchParams(form.query);
    const body = new URLSearchParams(form.body);
    expect(keysOf(query)).toEqual(keysOf(sample.query));
    expect(keysOf(body)).toEqual(keysOf(sample.body));
    expect(Object.fromEntries(query)).toMatchObject({ DOMAIN: sim.domain, PROTOCOL: '0', LANG: 'de' });
    expect(query.get('APP_SID')).toMatch(/^[0-9a-f]{32}$/);
    expect(body.get('PLACEMENT_OPTIONS')).toBe(sample.body.get('PLACEMENT_OPTIONS'));
    expect(body.get('AUTH_EXPIRES')).toBe('3600');
    expect(body.get('member_id')).toBe(sim.memberId);
    expect(form.url).toBe(`http://127.0.0.1:7071/api/install?${form.query}`);
  });

  test('the sidebar form has the documented field set, APPLICATION_TOKEN once installed', async () => {
    const sample = fixtureRequest('im-sidebar.docs.http');
    const before = new URLSearchParams(sim.sidebarForm({ dialogId: 'chat2' }).body);
    expect(keysOf(before)).toEqual(keysOf(sample.body).filter((key) => key !== 'APPLICATION_TOKEN'));
    // The escaped slashes are what the portal's PHP sends.
    expect(before.get('PLACEMENT_OPTIONS')).toBe(sample.body.get('PLACEMENT_OPTIONS'));

    await sim.markInstalled();
    const form = sim.sidebarForm({ dialogId: 'sg7', userId: 3, lang: 'de', uri: null });
    const body = new URLSearchParams(form.body);
    expect(keysOf(new URLSearchParams(form.query))).toEqual(keysOf(sample.query));
    expect(keysOf(body)).toEqual(keysOf(sample.body));
    expect(body.get('APPLICATION_TOKEN')).toBe(sim.applicationToken);
    expect(body.get('SERVER_ENDPOINT')).toBe(`${sim.oauthUrl}rest/`);
    expect(JSON.parse(body.get('PLACEMENT_OPTIONS') ?? '')).toEqual({ dialogId: 'sg7' });
    expect(form.url).toBeNull();
    const user = await rest(sim, 'user.current', {}, body.get('AUTH_ID') ?? '');
    expect(user.body.result.ID).toBe('3');
  });

  test('the sidebar form targets the bound handler; the app page form has PLACEMENT=DEFAULT', async () => {
    const admin = sim.issueTokens(1).accessToken;
    await rest(sim, 'placement.bind', { PLACEMENT: 'IM_SIDEBAR', HANDLER: 'http://127.0.0.1:7071/api/placement?x=1', OPTIONS: { iconName: 'fa-book' } }, admin);
    const sidebar = sim.sidebarForm({ dialogId: '2' });
    expect(sidebar.url).toBe(`http://127.0.0.1:7071/api/placement?x=1&${sidebar.query}`);
    const page = new URLSearchParams(sim.appPageForm().body);
    expect(page.get('PLACEMENT')).toBe('DEFAULT');
    expect(page.has('PLACEMENT_OPTIONS')).toBe(false);
  });

  test('event forms have the fixtures\' field sets', () => {
    const install = new URLSearchParams(sim.eventForm('ONAPPINSTALL'));
    const installSample = keysOf(fixtureRequest('onappinstall.docs.http').body);
    expect(installSample.filter((key) => !install.has(key))).toEqual([]);
    expect(keysOf(install).filter((key) => !installSample.includes(key)).sort()).toEqual(['auth[expires]', 'auth[user_id]', 'event_handler_id']);
    expect(install.get('auth[application_token]')).toBe(sim.applicationToken);
    expect(install.get('auth[user_id]')).toBe('1');

    const uninstall = new URLSearchParams(sim.eventForm('ONAPPUNINSTALL', { clean: true }));
    expect(keysOf(uninstall)).toEqual(keysOf(fixtureRequest('onappuninstall.docs.http').body));
    expect(uninstall.get('data[CLEAN]')).toBe('1');
    expect(new URLSearchParams(sim.eventForm('ONAPPUNINSTALL')).get('data[CLEAN]')).toBe('0');
  });

  test('app.info on the OAuth server names the client and the installation', async () => {
    const { accessToken } = sim.issueTokens(1);
    const before = await postForm(`${sim.oauthUrl}rest/app.info`, { auth: accessToken });
    expect(before.status).toBe(200);
    expect(Object.keys(before.body.result).sort()).toEqual(Object.keys((fixtureJson('oauth-app-info.json') as any).result).sort());
    expect(before.body.result).toEqual({
      client_id: sim.clientId,
      user_id: 1,
      install: { domain: sim.domain, member_id: sim.memberId, installed: false },
    });
    await sim.markInstalled();
    const after = await fetch(`${sim.oauthUrl}rest/app.info?auth=${accessToken}`);
    expect(((await after.json()) as any).result.install.installed).toBe(true);
    expect(sim.stats.appInfoCalls).toBe(2);
    expect(sim.requestLog.map((entry) => entry.hadAuthInUrl)).toEqual([false, true]);

    const invalid = await postForm(`${sim.oauthUrl}rest/app.info`, { auth: 'nope' });
    expect(invalid).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
    sim.expireAccessTokens();
    expect((await postForm(`${sim.oauthUrl}rest/app.info`, { auth: accessToken })).body.error).toBe('expired_token');
    // Portal methods do not exist on the OAuth server.
    expect((await postForm(`${sim.oauthUrl}rest/user.current`, { auth: accessToken })).status).toBe(404);
  });

  test('markInstalled sends ONAPPINSTALL to bound handlers; uninstall sends ONAPPUNINSTALL and cleans up', async () => {
    const receiver = await startReceiver();
    try {
      const admin = sim.issueTokens(1).accessToken;
      await rest(sim, 'event.bind', { event: 'ONAPPINSTALL', handler: receiver.url }, admin);
      await rest(sim, 'event.bind', { event: 'ONAPPUNINSTALL', handler: receiver.url }, admin);
      await rest(sim, 'placement.bind', { PLACEMENT: 'IM_SIDEBAR', HANDLER: receiver.url, OPTIONS: { iconName: 'fa-book' } }, admin);

      expect(await sim.markInstalled()).toBe(200);
      expect(sim.installed).toBe(true);
      expect(sim.lastEventStatus).toBe(200);
      const installed = receiver.bodies[0] as URLSearchParams;
      expect(installed.get('event')).toBe('ONAPPINSTALL');
      expect(installed.get('event_handler_id')).toBe(String(sim.eventBindings[0]?.id));
      expect(installed.get('auth[application_token]')).toBe(sim.applicationToken);
      const eventToken = installed.get('auth[access_token]') ?? '';
      expect((await rest(sim, 'user.current', {}, eventToken)).body.result.ID).toBe('1');

      expect(await sim.uninstall(true)).toBe(200);
      const removed = receiver.bodies[1] as URLSearchParams;
      expect(removed.get('event')).toBe('ONAPPUNINSTALL');
      expect(removed.get('data[CLEAN]')).toBe('1');
      expect(removed.has('auth[access_token]')).toBe(false);
      expect(sim.installed).toBe(false);
      expect(sim.placements).toEqual([]);
      expect(sim.eventBindings).toEqual([]);
      expect((await rest(sim, 'user.current', {}, eventToken)).body.error).toBe('invalid_token');
      expect(sim.eventLog.map((entry) => [entry.event, entry.status])).toEqual([['ONAPPINSTALL', 200], ['ONAPPUNINSTALL', 200]]);
    } finally {
      await receiver.close();
    }
  });

  test('the page backend builds frames and finishes the install', async () => {
    const form = await fetch(`${sim.portalUrl}/sim/form`, { method: 'POST', body: JSON.stringify({ kind: 'install', userId: 1, lang: 'ru' }) });
    const payload = (await form.json()) as any;
    expect(payload.url).toMatch(/^http:\/\/127\.0\.0\.1:7071\/api\/install\?DOMAIN=/);
    expect(payload.frameName).toBe(`${sim.domain}|0|${payload.appSid}`);
    expect(payload.init).toMatchObject({ DOMAIN: sim.domain, PROTOCOL: 0, LANG: 'ru', INSTALL: true, IS_ADMIN: true, PLACEMENT: 'DEFAULT' });
    const finish = await fetch(`${sim.portalUrl}/sim/install-finish`, { method: 'POST', body: '{"userId":1}' });
    expect(await finish.json()).toEqual({ installed: true, eventStatus: null });
    const state = (await (await fetch(`${sim.portalUrl}/sim/state`)).json()) as any;
    expect(state.installed).toBe(true);
    expect(state.users).toHaveLength(3);
  });

  test('the page and the BX24 stand-in are served', async () => {
    const page = await fetch(`${sim.portalUrl}/`);
    const html = await page.text();
    for (const id of ['user-select', 'lang-select', 'install', 'install-status', 'bx24-log', 'chat-list', 'messages', 'chat-sidebar', 'open-app', 'uninstall']) {
      expect(html).toContain(`id="${id}"`);
    }
    const script = await fetch(sim.bx24ScriptUrl);
    expect(script.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(script.headers.get('access-control-allow-origin')).toBe('*');
    expect(await script.text()).toContain('window.BX24');
  });
});

test('close() ends keep-alive connections promptly', async () => {
  const sim = await startSimulator();
  const agent = new http.Agent({ keepAlive: true });
  await new Promise<void>((resolve) => http.get(`${sim.portalUrl}/bx24.js`, { agent }, (res) => res.resume().on('end', resolve)));
  const started = Date.now();
  await sim.close();
  expect(Date.now() - started).toBeLessThan(1000);
  agent.destroy();
});
