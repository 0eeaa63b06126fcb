import type http from 'node:http';
import type { RequestFailure } from './failures';
import { CORS_HEADERS, readBody, roundTrip, sendJson, sendText } from './httpUtil';
import { uninstalledFailure } from './restErrors';
import { restTime } from './restTime';
import type { Simulator } from './Simulator';
import type { SimulatorFailure } from './types';

// What a client sees when a failure mode answers instead of the portal or its OAuth server. JSON errors
// follow the protocol notes and fixtures; the HTML bodies are what the proxy in front of a portal sends
// when the portal behind it is broken or in maintenance.

/** Which address of the portal a request came to: the one it started on, or the one it moved to. */
export type PortalListener = 'original' | 'moved' | 'rest';

/** Real portals allow 480 s of method time per 10 minutes; a blocked method has used them up. */
const OPERATING_LIMIT_SECONDS = 480;

/** The mode answering this portal REST request, if any: a moved portal's old address redirects everything. */
export function portalFailure(sim: Simulator, listener: PortalListener, method?: string): SimulatorFailure | undefined {
  if (listener === 'original' && sim.movedTo !== null) return { kind: 'moved' };
  return sim.failures.take('portal-rest', method);
}

/**
 * Answers as `mode` says. The request is read to its end first, so the failure hits the answer, not the
 * upload (a reset write may or may not have been seen), and the latency applies as to any answer.
 */
export async function answerFailure(sim: Simulator, req: http.IncomingMessage, res: http.ServerResponse, url: URL, mode: SimulatorFailure, server: 'portal' | 'oauth'): Promise<void> {
  if (mode.kind === 'hang') {
    sim.failures.hold(req.socket);
    return;
  }
  // Taken now: a recover() while the request is read must not turn the redirect into one to itself.
  const movedTo = sim.currentPortal.portalUrl;
  await readBody(req).catch(() => '');
  await roundTrip(sim, req);
  switch (mode.kind) {
    case 'reset':
      req.socket.resetAndDestroy();
      return;
    case 'moved':
      // No body a client could mistake for an answer: only the Location matters.
      res.writeHead(302, { Location: `${movedTo}${url.pathname}${url.search}`, 'Content-Length': 0, ...CORS_HEADERS }).end();
      return;
    case 'redirect':
      res.writeHead(302, { Location: `${mode.location.replace(/\/+$/, '')}${url.pathname}${url.search}`, 'Content-Length': 0, ...CORS_HEADERS }).end();
      return;
    case 'rate-limit':
      sendJson(res, 503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' }, CORS_HEADERS);
      return;
    case 'time-limit': {
      const now = Date.now();
      const time = { ...restTime(now), operating: OPERATING_LIMIT_SECONDS, operating_reset_at: Math.floor(now / 1000) + 10 };
      sendJson(res, 429, { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.', time }, CORS_HEADERS);
      return;
    }
    case 'server-error':
      sendText(res, 500, 'text/html; charset=utf-8', '<html>Internal Server Error</html>', CORS_HEADERS);
      return;
    case 'not-json':
      sendText(res, 200, 'text/html; charset=utf-8', '<html>maintenance</html>', CORS_HEADERS);
      return;
    case 'oauth-down':
      sendText(res, 503, 'text/plain; charset=utf-8', 'Service Temporarily Unavailable');
      return;
    case 'uninstalled':
      answerUninstalled(res, mode, server);
  }
}

function answerUninstalled(res: http.ServerResponse, mode: Extract<RequestFailure, { kind: 'uninstalled' }>, server: 'portal' | 'oauth'): void {
  if (server === 'oauth') {
    // The app's refresh tokens went with it.
    sendJson(res, 400, { error: 'invalid_grant', error_description: 'Invalid grant' });
    return;
  }
  const failure = uninstalledFailure(mode.error);
  sendJson(res, failure.status, failure.body(), CORS_HEADERS);
}
