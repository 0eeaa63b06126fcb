import { startSimulator, type Simulator } from '../../local/simulator';
import { fixtureJson, refresh, rest, sleep } from './helpers';

describe('simulator tokens', () => {
  let sim: Simulator;

  afterEach(async () => {
    await sim.close();
  });

  test('an access token past its lifetime answers expired_token 401', async () => {
    sim = await startSimulator({ accessTokenTtlSeconds: 1 });
    const { accessToken } = sim.issueTokens(2);
    expect((await rest(sim, 'user.current', {}, accessToken)).body.result.ID).toBe('2');
    await sleep(1100);
    const expired = await rest(sim, 'user.current', {}, accessToken);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual(fixtureJson('rest-expired-token.json'));
  });

  test('expireAccessTokens expires issued tokens, their refresh tokens still work', async () => {
    sim = await startSimulator();
    const tokens = sim.issueTokens(1);
    sim.expireAccessTokens();
    expect((await rest(sim, 'user.current', {}, tokens.accessToken)).body.error).toBe('expired_token');
    const renewed = await refresh(sim, tokens.refreshToken);
    expect(renewed.status).toBe(200);
    expect((await rest(sim, 'user.current', {}, renewed.body.access_token)).status).toBe(200);
  });

  test('unknown and missing tokens', async () => {
    sim = await startSimulator();
    const unknown = await rest(sim, 'user.current', {}, 'f'.repeat(70));
    expect(unknown).toEqual({ status: 401, body: { error: 'invalid_token', error_description: expect.any(String) } });
    const missing = await rest(sim, 'user.current', {});
    expect(missing.status).toBe(401);
    expect(missing.body.error).toBe('NO_AUTH_FOUND');
  });

  test('tokens look like the portal\'s: ~70 hex chars', async () => {
    sim = await startSimulator();
    const { accessToken, refreshToken, expiresIn } = sim.issueTokens(3);
    expect(accessToken).toMatch(/^[0-9a-f]{70}$/);
    expect(refreshToken).toMatch(/^[0-9a-f]{70}$/);
    expect(expiresIn).toBe(3600);
    expect(sim.lastIssuedRefreshToken(3)).toBe(refreshToken);
  });

  test('refresh rotates; a used refresh token is invalid_grant', async () => {
    sim = await startSimulator();
    const first = sim.issueTokens(2);
    const renewed = await refresh(sim, first.refreshToken);
    expect(renewed.status).toBe(200);
    expect(Object.keys(renewed.body).sort()).toEqual(Object.keys(fixtureJson('oauth-refresh.docs.json')).sort());
    expect(renewed.body).toMatchObject({
      client_endpoint: sim.clientEndpoint,
      server_endpoint: `${sim.oauthUrl}rest/`,
      member_id: sim.memberId,
      user_id: 2,
      status: 'L',
      expires_in: 3600,
      scope: 'im,placement,user_brief',
    });
    expect(renewed.body.refresh_token).not.toBe(first.refreshToken);
    expect(renewed.body.expires).toBeGreaterThan(Date.now() / 1000);
    expect(sim.lastIssuedRefreshToken(2)).toBe(renewed.body.refresh_token);

    const reused = await refresh(sim, first.refreshToken);
    expect(reused).toEqual({ status: 400, body: fixtureJson('oauth-invalid-grant.json') });
    expect((await refresh(sim, renewed.body.refresh_token)).status).toBe(200);
    expect(sim.stats.refreshes).toBe(3);
  });

  test('a wrong client is invalid_client 401', async () => {
    sim = await startSimulator();
    const tokens = sim.issueTokens(1);
    const wrong = await refresh(sim, tokens.refreshToken, { client_secret: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    // The failed attempt must not have spent the token.
    expect((await refresh(sim, tokens.refreshToken)).status).toBe(200);
  });

  test('refresh by GET with the query works and is logged as secrets in the URL', async () => {
    sim = await startSimulator();
    const tokens = sim.issueTokens(1);
    const query = new URLSearchParams({ grant_type: 'refresh_token', client_id: sim.clientId, client_secret: sim.clientSecret, refresh_token: tokens.refreshToken });
    const response = await fetch(`${sim.oauthUrl}oauth/token/?${query}`);
    expect(response.status).toBe(200);
    expect(sim.requestLog).toEqual([{ server: 'oauth', path: '/oauth/token/', hadAuthInUrl: true }]);
  });

  test('revokeApp kills access and refresh tokens', async () => {
    sim = await startSimulator();
    const tokens = sim.issueTokens(1);
    sim.revokeApp();
    expect((await rest(sim, 'user.current', {}, tokens.accessToken)).body.error).toBe('invalid_token');
    expect((await refresh(sim, tokens.refreshToken)).body.error).toBe('invalid_grant');
    // Tokens issued afterwards (a reinstall) work again.
    expect((await rest(sim, 'user.current', {}, sim.issueTokens(1).accessToken)).status).toBe(200);
  });
});
