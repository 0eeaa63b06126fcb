import http from 'node:http';
import { sendJson } from './httpUtil';
import { createOAuthHandler } from './oauthServer';
import { createPortalHandler } from './portalServer';
import { Simulator } from './Simulator';
import type { SimulatorOptions } from './types';

export { Simulator, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from './Simulator';
export { USERS, CHATS } from './data';
export type { IssuedTokens } from './tokens';
export type * from './types';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** A bug in the simulator answers 500 instead of taking the test process down. */
function guarded(getHandler: () => Handler): http.RequestListener {
  return (req, res) => {
    getHandler()(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { error: 'SIMULATOR_ERROR', error_description: String(error) });
    });
  };
}

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
  const portal = http.createServer(guarded(() => portalHandler ?? notReady));
  const oauth = http.createServer(guarded(() => oauthHandler ?? notReady));
  try {
    await listen(portal, options.portalPort ?? 0, host);
    await listen(oauth, options.oauthPort ?? 0, host);
  } catch (error) {
    portal.close();
    oauth.close();
    throw error;
  }
  const sim = new Simulator(options, { portal, oauth, host });
  portalHandler = createPortalHandler(sim);
  oauthHandler = createOAuthHandler(sim);
  return sim;
}
