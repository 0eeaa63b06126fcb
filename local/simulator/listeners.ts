import type http from 'node:http';
import { markArrival, sendJson } from './httpUtil';

// Starting and stopping the simulator's HTTP listeners: the portal, its OAuth server and, after a move, the
// portal's second address.

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

export function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** A bug in the simulator answers 500 instead of taking the test process down. */
export function guarded(getHandler: () => Handler): http.RequestListener {
  return (req, res) => {
    markArrival(req);
    getHandler()(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { error: 'SIMULATOR_ERROR', error_description: String(error) });
    });
  };
}

/** Stops listening and ends every open connection, idle, busy or hung, so the process can exit. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
