import { startSimulator, type Simulator } from '../../local/simulator';
import { fixtureJson, refresh, rest, sleep } from './helpers';

/** What a client sees of a portal REST call, whatever the body is; redirects are not followed. */
interface Seen {
  status: number;
  contentType: string;
  location: string | null;
  text: string;
}

async function call(endpoint: string, method: string, params: Record<string, unknown>, auth: string): Promise<Seen> {
  const response = await fetch(`${endpoint}${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...params, auth }),
    redirect: 'manual',
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    location: response.headers.get('location'),
    text: await response.text(),
  };
}

/** A refresh whose answer may not be JSON. */
function postRefresh(sim: Simulator, refreshToken: string): Promise<Response> {
  return fetch(`${sim.oauthUrl}oauth/token/`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: sim.clientId, client_secret: sim.clientSecret, refresh_token: refreshToken }),
  });
}

/**
 * How the call ended: an answer's status, or the name of the error fetch threw ('TypeError' when the
 * connection ended without an answer). Names, because fetch's errors come from outside Jest's realm.
 */
function outcome(promise: Promise<Response>): Promise<number | string> {
  return promise.then((response) => response.status, (error: Error) => error.name);
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await sleep(10);
  }
}

const POST_HELLO = { DIALOG_ID: 'chat2', MESSAGE: 'hello' };

describe('simulator failure modes', () => {
  let sim: Simulator;
  let admin: string;

  beforeEach(async () => {
    sim = await startSimulator();
    admin = sim.issueTokens(1).accessToken;
  });

  afterEach(async () => {
    await sim.close();
  });

  test('a rate-limited write answers QUERY_LIMIT_EXCEEDED 503, is logged as failed and posts nothing', async () => {
    await sim.failWith({ kind: 'rate-limit' });
    const answer = await rest(sim, 'im.message.add', POST_HELLO, admin);
    expect(answer).toEqual({ status: 503, body: fixtureJson('rest-query-limit.json') });
    expect(sim.messages).toHaveLength(0);
    expect(sim.restLog).toEqual([]);
    expect(sim.requestLog).toEqual([{ server: 'portal', listener: 'original', path: '/rest/im.message.add', hadAuthInUrl: false, failedWith: 'rate-limit' }]);
    expect(sim.stats.restCalls).toBe(1);
  });

  test('a mode with times fails only that many requests, then the write goes through exactly once', async () => {
    await sim.failWith({ kind: 'rate-limit', times: 2 });
    expect((await rest(sim, 'im.message.add', POST_HELLO, admin)).status).toBe(503);
    expect(sim.failures.active).toEqual([{ kind: 'rate-limit', times: 1 }]);
    expect((await rest(sim, 'im.message.add', POST_HELLO, admin)).status).toBe(503);
    expect(sim.failures.active).toEqual([]);
    expect((await rest(sim, 'im.message.add', POST_HELLO, admin)).status).toBe(200);
    expect(sim.messages).toHaveLength(1);
    expect(sim.restLog.map((entry) => entry.method)).toEqual(['im.message.add']);
    expect(sim.requestLog.map((entry) => entry.failedWith)).toEqual(['rate-limit', 'rate-limit', undefined]);
  });

  test('modes play out in the order they were set, and recover() clears an unlimited one', async () => {
    await sim.failWith({ kind: 'rate-limit', times: 1 });
    await sim.failWith({ kind: 'server-error', times: 1 });
    await sim.failWith({ kind: 'not-json' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(sim.clientEndpoint, 'user.current', {}, admin)).status);
    expect(statuses).toEqual([503, 500, 200, 200]);
    expect(sim.requestLog.map((entry) => entry.failedWith)).toEqual(['rate-limit', 'server-error', 'not-json', 'not-json']);
    sim.recover();
    expect(sim.failures.active).toEqual([]);
    expect((await rest(sim, 'user.current', {}, admin)).body.result.ID).toBe('1');
  });

  test('a rate-limited batch runs none of its commands', async () => {
    await sim.failWith({ kind: 'rate-limit', times: 1 });
    const answer = await rest(sim, 'batch', { halt: 0, cmd: { post: 'im.message.add?DIALOG_ID=chat2&MESSAGE=hi' } }, admin);
    expect(answer.status).toBe(503);
    expect(sim.restLog).toEqual([]);
    expect(sim.messages).toHaveLength(0);
  });

  test('time-limit answers OPERATION_TIME_LIMIT 429 with a reset time 10 s ahead', async () => {
    await sim.failWith({ kind: 'time-limit', times: 1 });
    const answer = await rest(sim, 'im.dialog.get', { DIALOG_ID: 'chat2' }, admin);
    expect(answer.status).toBe(429);
    expect(answer.body).toMatchObject({ error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' });
    expect(answer.body.time.operating_reset_at - Date.now() / 1000).toBeGreaterThan(8);
    expect(answer.body.time.operating_reset_at - Date.now() / 1000).toBeLessThanOrEqual(10);
    expect((await rest(sim, 'im.dialog.get', { DIALOG_ID: 'chat2' }, admin)).status).toBe(200);
  });

  test('server-error answers 500 with an HTML page', async () => {
    await sim.failWith({ kind: 'server-error' });
    const seen = await call(sim.clientEndpoint, 'im.message.add', POST_HELLO, admin);
    expect(seen).toMatchObject({ status: 500, text: '<html>Internal Server Error</html>' });
    expect(seen.contentType).toMatch(/^text\/html/);
    expect(sim.messages).toHaveLength(0);
  });

  test('not-json answers 200 with an HTML maintenance page a JSON parser rejects', async () => {
    await sim.failWith({ kind: 'not-json', times: 1 });
    const response = await fetch(`${sim.clientEndpoint}user.current`, { method: 'POST', body: JSON.stringify({ auth: admin }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    await expect(response.json()).rejects.toHaveProperty('name', 'SyntaxError');
  });

  test('reset drops the connection without an answer, then the portal answers again', async () => {
    await sim.failWith({ kind: 'reset', times: 1 });
    const ended = await outcome(fetch(`${sim.clientEndpoint}im.message.add`, { method: 'POST', body: JSON.stringify({ ...POST_HELLO, auth: admin }) }));
    expect(ended).toBe('TypeError');
    expect(sim.messages).toHaveLength(0);
    expect(sim.requestLog).toEqual([expect.objectContaining({ failedWith: 'reset' })]);
    expect((await rest(sim, 'im.message.add', POST_HELLO, admin)).status).toBe(200);
    expect(sim.messages).toHaveLength(1);
  });

  test('hang never answers; a client timeout fires and recover() ends the held connection', async () => {
    await sim.failWith({ kind: 'hang' });
    const timedOut = await outcome(fetch(`${sim.clientEndpoint}user.current?auth=${admin}`, { signal: AbortSignal.timeout(200) }));
    expect(timedOut).toBe('TimeoutError');
    const pending = outcome(fetch(`${sim.clientEndpoint}user.current?auth=${admin}`));
    await until(() => sim.requestLog.length === 2);
    expect(sim.requestLog.map((entry) => entry.failedWith)).toEqual(['hang', 'hang']);
    const started = Date.now();
    sim.recover();
    expect(await pending).toBe('TypeError');
    expect(Date.now() - started).toBeLessThan(500);
    expect((await rest(sim, 'user.current', {}, admin)).status).toBe(200);
  });

  test('hang with times holds only that many requests', async () => {
    await sim.failWith({ kind: 'hang', times: 1 });
    const held = outcome(fetch(`${sim.clientEndpoint}user.current?auth=${admin}`));
    await until(() => sim.requestLog.length === 1);
    expect(sim.failures.hungConnections).toBe(1);
    expect((await rest(sim, 'user.current', {}, admin)).status).toBe(200);
    sim.recover();
    expect(await held).toBe('TypeError');
    expect(sim.failures.hungConnections).toBe(0);
  });

  test('close() ends hung connections promptly', async () => {
    await sim.failWith({ kind: 'hang' });
    const pending = outcome(fetch(`${sim.clientEndpoint}user.current?auth=${admin}`));
    await until(() => sim.requestLog.length === 1);
    const started = Date.now();
    await sim.close();
    expect(await pending).toBe('TypeError');
    expect(Date.now() - started).toBeLessThan(500);
  });

  describe('a moved portal', () => {
    test('the old address answers 302 to the new one, query string kept; the new one serves the same portal', async () => {
      const oldEndpoint = sim.clientEndpoint;
      await sim.failWith({ kind: 'moved' });
      const moved = sim.movedTo!;
      expect(moved.domain).not.toBe(sim.domain);
      expect(moved).toEqual({ domain: moved.domain, portalUrl: `http://${moved.domain}`, clientEndpoint: `http://${moved.domain}/rest/` });

      const redirected = await call(oldEndpoint, 'im.message.add.json?ts=1', POST_HELLO, admin);
      expect(redirected.status).toBe(302);
      expect(redirected.location).toBe(`${moved.clientEndpoint}im.message.add.json?ts=1`);
      expect(sim.messages).toHaveLength(0);

      // The same token works there, and what is posted there is the same portal's data.
      const posted = await call(moved.clientEndpoint, 'im.message.add', POST_HELLO, admin);
      expect(posted.status).toBe(200);
      expect(JSON.parse(posted.text).result).toBe(sim.messages[0]?.id);
      expect(sim.messages).toHaveLength(1);
      expect(sim.restLog.map((entry) => entry.method)).toEqual(['im.message.add']);
      expect(sim.requestLog.map((entry) => entry.failedWith)).toEqual(['moved', undefined]);
    });

    test('forms, events and refreshes carry the new address; recover() brings the old one back', async () => {
      await sim.failWith({ kind: 'moved' });
      const moved = sim.movedTo!;
      expect(new URLSearchParams(sim.installForm().query).get('DOMAIN')).toBe(moved.domain);
      expect(new URLSearchParams(sim.sidebarForm({ dialogId: 'chat2' }).query).get('DOMAIN')).toBe(moved.domain);
      expect(new URLSearchParams(sim.eventForm('ONAPPUNINSTALL')).get('auth[client_endpoint]')).toBe(moved.clientEndpoint);
      const renewed = await refresh(sim, sim.issueTokens(2).refreshToken);
      expect(renewed.body.client_endpoint).toBe(moved.clientEndpoint);

      sim.recover();
      expect(sim.movedTo).toBeNull();
      expect(new URLSearchParams(sim.installForm().query).get('DOMAIN')).toBe(sim.domain);
      expect((await call(sim.clientEndpoint, 'user.current', {}, admin)).status).toBe(200);
      // Moving again reuses the second address.
      await sim.failWith({ kind: 'moved' });
      expect(sim.movedTo).toEqual(moved);
    });

    test('other modes apply at the new address too', async () => {
      await sim.failWith({ kind: 'moved' });
      await sim.failWith({ kind: 'rate-limit', times: 1 });
      expect((await call(sim.movedTo!.clientEndpoint, 'user.current', {}, admin)).status).toBe(503);
      expect((await call(sim.movedTo!.clientEndpoint, 'user.current', {}, admin)).status).toBe(200);
    });
  });

  test('oauth-down answers 503 text to refreshes and app.info; attempts count, the token is not spent', async () => {
    const tokens = sim.issueTokens(2);
    await sim.failWith({ kind: 'oauth-down' });
    const response = await postRefresh(sim, tokens.refreshToken);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const info = await fetch(`${sim.oauthUrl}rest/app.info?auth=${tokens.accessToken}`);
    expect(info.status).toBe(503);
    expect(sim.stats).toMatchObject({ refreshes: 1, successfulRefreshes: 0, appInfoCalls: 1 });
    expect(sim.requestLog.map((entry) => entry.failedWith)).toEqual(['oauth-down', 'oauth-down']);
    // The portal itself is fine.
    expect((await rest(sim, 'user.current', {}, admin)).status).toBe(200);

    sim.recover();
    expect((await refresh(sim, tokens.refreshToken)).status).toBe(200);
    expect(sim.stats).toMatchObject({ refreshes: 2, successfulRefreshes: 1 });
  });

  test('oauth-down with times fails only that many OAuth requests', async () => {
    await sim.failWith({ kind: 'oauth-down', times: 1 });
    const tokens = sim.issueTokens(2);
    expect((await postRefresh(sim, tokens.refreshToken)).status).toBe(503);
    expect((await refresh(sim, tokens.refreshToken)).status).toBe(200);
  });

  test.each([
    ['invalid_token', 401, 'Unable to get application by token', 400],
    ['PAYMENT_REQUIRED', 402, 'Payment required', 200],
    ['PORTAL_DELETED', 500, 'Portal was deleted', 400],
  ] as const)('uninstalled as %s answers %i on REST (%s); a refresh answers %i', async (error, status, description, refreshStatus) => {
    const tokens = sim.issueTokens(2);
    await sim.failWith({ kind: 'uninstalled', error });
    const answer = await rest(sim, 'im.message.add', POST_HELLO, tokens.accessToken);
    expect(answer).toEqual({ status, body: { error, error_description: description } });
    expect(sim.messages).toHaveLength(0);
    const renewed = await refresh(sim, tokens.refreshToken);
    expect(renewed.status).toBe(refreshStatus);
    if (refreshStatus === 400) expect(renewed.body).toEqual(fixtureJson('oauth-invalid-grant.json'));
    // Still uninstalled, whatever token is used.
    expect((await rest(sim, 'user.current', {}, admin)).body.error).toBe(error);
    sim.recover();
    expect((await rest(sim, 'user.current', {}, admin)).status).toBe(200);
  });

  test('setLatency delays REST and OAuth answers, failures included', async () => {
    sim.setLatency(150);
    expect(sim.latencyMs).toBe(150);
    let started = Date.now();
    await rest(sim, 'user.current', {}, admin);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    started = Date.now();
    await refresh(sim, sim.issueTokens(1).refreshToken);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await sim.failWith({ kind: 'rate-limit', times: 1 });
    started = Date.now();
    expect((await rest(sim, 'user.current', {}, admin)).status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    sim.setLatency(0);
    started = Date.now();
    await rest(sim, 'user.current', {}, admin);
    expect(Date.now() - started).toBeLessThan(140);
  });

  test('nonsense modes and latencies are refused', () => {
    expect(() => sim.failWith({ kind: 'rate-limit', times: 0 })).toThrow(RangeError);
    expect(() => sim.failWith({ kind: 'hang', times: 1.5 })).toThrow(RangeError);
    expect(() => sim.setLatency(-1)).toThrow(RangeError);
    expect(sim.failures.active).toEqual([]);
  });

  test('CORS preflights are answered whatever the mode', async () => {
    await sim.failWith({ kind: 'server-error' });
    const response = await fetch(`${sim.clientEndpoint}user.current`, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(sim.failures.active).toEqual([{ kind: 'server-error' }]);
  });
});
