import http from 'node:http';
import { guarded, listen } from './listeners';
import { createPortalHandler } from './portalServer';
import type { Simulator } from './Simulator';

// A portal that changed its domain: a second listener on another port serving the very same state (data,
// tokens, member id), while the original address redirects REST calls here.

export async function startMovedListener(sim: Simulator, host: string): Promise<http.Server> {
  const handler = createPortalHandler(sim, 'moved');
  const server = http.createServer(guarded(() => handler));
  await listen(server, 0, host);
  return server;
}
