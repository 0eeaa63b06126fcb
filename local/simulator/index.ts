import http from 'node:http';
import { sendJson } from './httpUtil';
import { guarded, listen, type Handler } from './listeners';
import { createOAuthHandler } from './oauthServer';
import { createPortalHandler } from './portalServer';
import { Simulator } from './Simulator';
import type { SimulatorOptions } from './types';

export { Simulator, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from './Simulator';
export { USERS, CHATS } from './data';
export type { IssuedTokens } from './tokens';
export type { FailureModes } from './failures';
export type * from './types';

/**
 * Starts a simulated Bitrix24 portal (page + REST) and its OAuth server on two ports of `host`.
 * Close it with `sim.close()`.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  // The handlers need the ports, which exist only once listening: requests before then cannot happen.
  let portalHandler: Handler | undefined;
  let oauthHandler: Handler | undefined;
  const notReady: Handler = async (_req, res) => sendJson(res, 503, { error: 'starting' });
  let restHandler: Handler | undefined;
  const portal = http.createServer(guarded(() => portalHandler ?? notReady));
  const oauth = http.createServer(guarded(() => oauthHandler ?? notReady));
  const rest = options.separateRestHost ? http.createServer(guarded(() => restHandler ?? notReady)) : undefined;
  try {
    await listen(portal, options.portalPort ?? 0, host);
    await listen(oauth, options.oauthPort ?? 0, host);
    if (rest) await listen(rest, 0, host);
  } catch (error) {
    portal.close();
    oauth.close();
    rest?.close();
    throw error;
  }
  const sim = new Simulator(options, { portal, oauth, rest, host });
  portalHandler = createPortalHandler(sim);
  oauthHandler = createOAuthHandler(sim);
  restHandler = createPortalHandler(sim, 'rest');
  return sim;
}
