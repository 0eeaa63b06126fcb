import type http from 'node:http';
import { APP_SCOPE } from './data';
import { answerFailure } from './failureAnswers';
import { roundTrip, sendJson } from './httpUtil';
import { stringParam } from './params';
import { authenticate, CORS_HEADERS, readParams, takeAuth } from './restHttp';
import { RestFailure } from './restErrors';
import type { Simulator } from './Simulator';
import type { RequestLogEntry } from './types';

// The OAuth server (oauth.bitrix.info): a separate origin from the portal, so apps that derive it from the
// portal's address, or send portal calls to it, fail here as they would in production.

const SECRETS_IN_URL = ['auth', 'refresh_token', 'client_secret'];

export function createOAuthHandler(sim: Simulator): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', sim.oauthUrl);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS).end();
      return;
    }
    const isToken = /^\/oauth\/token\/?$/.test(url.pathname);
    const rest = /^\/rest\/([^/]+?)(?:\.json)?$/.exec(url.pathname);
    const isAppInfo = rest !== null && rest[1]?.toLowerCase() === 'app.info';
    // Attempts count whether or not a failure mode answers them: retries are what tests look for.
    if (isToken) sim.stats.refreshes++;
    if (isAppInfo) sim.stats.appInfoCalls++;
    const failure = sim.failures.take(isToken ? 'oauth-token' : 'oauth');
    const entry: RequestLogEntry = { server: 'oauth', path: url.pathname, hadAuthInUrl: SECRETS_IN_URL.some((name) => url.searchParams.has(name)) };
    if (failure !== undefined) entry.failedWith = failure.kind;
    sim.requestLog.push(entry);
    if (failure !== undefined && failure.kind !== 'foreign-member') {
      await answerFailure(sim, req, res, url, failure, 'oauth');
      return;
    }
    if (isToken) {
      await tokenGrant(sim, req, res, url, failure?.kind === 'foreign-member');
      return;
    }
    if (isAppInfo) {
      await appInfo(sim, req, res, url);
      return;
    }
    await roundTrip(sim, req);
    if (rest !== null) sendJson(res, 404, { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' });
    else sendJson(res, 404, { error: 'NOT_FOUND', error_description: 'Not found' });
  };
}

async function tokenGrant(sim: Simulator, req: http.IncomingMessage, res: http.ServerResponse, url: URL, foreignMember = false): Promise<void> {
  const params = (await readParams(req, url)) ?? {};
  await roundTrip(sim, req);
  if (stringParam(params, 'client_id') !== sim.clientId || stringParam(params, 'client_secret') !== sim.clientSecret) {
    sendJson(res, 401, { error: 'invalid_client', error_description: 'Invalid client' });
    return;
  }
  if (stringParam(params, 'grant_type') !== 'refresh_token') {
    sendJson(res, 400, { error: 'invalid_request', error_description: 'Unsupported grant_type' });
    return;
  }
  const userId = sim.tokens.redeem(stringParam(params, 'refresh_token') ?? '');
  if (userId === undefined) {
    sendJson(res, 400, { error: 'invalid_grant', error_description: 'Invalid grant' });
    return;
  }
  const issued = sim.tokens.issue(userId);
  sim.stats.successfulRefreshes++;
  // `domain` names the OAuth server, as the docs' sample does: apps must not read the portal from it.
  sendJson(res, 200, {
    access_token: issued.accessToken,
    // A moved portal's refresh is how apps learn its new address.
    client_endpoint: sim.currentPortal.clientEndpoint,
    domain: new URL(sim.oauthUrl).host,
    expires: Math.floor(issued.expiresAtMs / 1000),
    expires_in: issued.expiresIn,
    member_id: foreignMember ? 'f'.repeat(32) : sim.memberId,
    refresh_token: issued.refreshToken,
    scope: APP_SCOPE,
    server_endpoint: sim.serverEndpoint,
    status: 'L',
    user_id: userId,
  });
}

async function appInfo(sim: Simulator, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const params = (await readParams(req, url)) ?? {};
  await roundTrip(sim, req);
  try {
    const userId = authenticate(sim, takeAuth(params));
    sendJson(res, 200, {
      result: {
        client_id: sim.clientId,
        user_id: userId,
        install: { domain: sim.currentPortal.domain, member_id: sim.memberId, installed: sim.installed },
      },
    }, CORS_HEADERS);
  } catch (error) {
    if (!(error instanceof RestFailure)) throw error;
    sendJson(res, error.status, error.body(), CORS_HEADERS);
  }
}
