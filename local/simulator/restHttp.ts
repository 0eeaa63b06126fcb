import type http from 'node:http';
import { runBatch } from './batch';
import { answerFailure, portalFailure, type PortalListener } from './failureAnswers';
import { CORS_HEADERS, readBody, roundTrip, sendJson } from './httpUtil';
import { parseBody, parseQueryString, stringParam, type Params } from './params';
import { executeMethod, normalizeMethodName } from './rest';
import { expiredToken, invalidToken, noAuth, RestFailure } from './restErrors';
import { restTime } from './restTime';
import type { Simulator } from './Simulator';
import type { RequestLogEntry } from './types';

// The HTTP side of the portal's REST API: `/rest/<method>[.json]`, params from query and body, `auth`
// from either. Token failures fail the whole call (a batch too) before any method runs, and a failure mode
// answers before anything else: what it answered is logged, but no method runs.

export { CORS_HEADERS };

/** The user an access token belongs to; throws the portal's token errors. */
export function authenticate(sim: Simulator, token: string | undefined): number {
  if (token === undefined || token.trim() === '') throw noAuth();
  const check = sim.tokens.checkAccess(token.trim());
  if (check.ok) return check.userId;
  throw check.error === 'expired_token' ? expiredToken() : invalidToken();
}

/** Query and body merged (body wins); `undefined` when the body is unreadable. */
export async function readParams(req: http.IncomingMessage, url: URL): Promise<Params | undefined> {
  const query = parseQueryString(url.search.slice(1));
  const text = req.method === 'GET' || req.method === 'HEAD' ? '' : await readBody(req);
  try {
    return { ...query, ...parseBody(text) };
  } catch {
    return undefined;
  }
}

/** Removes `auth` (any case) from params and returns it. */
export function takeAuth(params: Params): string | undefined {
  const auth = stringParam(params, 'auth');
  for (const key of Object.keys(params)) if (key.toLowerCase() === 'auth') delete params[key];
  return auth;
}

export async function handlePortalRest(sim: Simulator, req: http.IncomingMessage, res: http.ServerResponse, url: URL, rawMethod: string, listener: PortalListener = 'original'): Promise<void> {
  const started = Date.now();
  const failure = portalFailure(sim, listener, normalizeMethodName(rawMethod));
  const entry: RequestLogEntry = { server: 'portal', listener, path: url.pathname, hadAuthInUrl: url.searchParams.has('auth') };
  if (failure !== undefined) entry.failedWith = failure.kind;
  sim.requestLog.push(entry);
  sim.stats.restCalls++;
  if (failure !== undefined) {
    await answerFailure(sim, req, res, url, failure, 'portal');
    return;
  }
  const params = await readParams(req, url);
  await roundTrip(sim, req);
  if (params === undefined) {
    sendJson(res, 400, { error: 'INVALID_REQUEST', error_description: 'Request body is not valid JSON' }, CORS_HEADERS);
    return;
  }
  try {
    const userId = authenticate(sim, takeAuth(params));
    const method = normalizeMethodName(rawMethod);
    const context = { sim, userId };
    const result = method === 'batch' ? runBatch(context, params) : executeMethod(context, method, params);
    sendJson(res, 200, { result, time: restTime(started) }, CORS_HEADERS);
  } catch (error) {
    if (!(error instanceof RestFailure)) throw error;
    sendJson(res, error.status, error.body(), CORS_HEADERS);
  }
}
