import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * HTTP servers on 127.0.0.1 that no request should ever make the app call: the generators put their
 * addresses into DOMAIN, SERVER_ENDPOINT and the `auth[...]` endpoints. Each one answers like a friendly
 * portal (so a buggy app would go on using it) and remembers every request it received.
 */
export interface Trap {
  /** `127.0.0.1:<port>`, a valid DOMAIN */
  host: string;
  port: number;
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** `METHOD /path` of every request received */
  received: string[];
}

export interface Traps {
  all: Trap[];
  /** every request any trap received, `host METHOD /path` */
  received(): string[];
  close(): Promise<void>;
}

async function startTrap(servers: http.Server[]): Promise<Trap> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    received.push(`${req.method ?? ''} ${req.url ?? ''}`);
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"result":{"access_token":"trap","client_id":"trap"}}');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { host: `127.0.0.1:${port}`, port, url: `http://127.0.0.1:${port}/`, received };
}

export async function startTraps(count = 2): Promise<Traps> {
  const servers: http.Server[] = [];
  const all: Trap[] = [];
  for (let i = 0; i < count; i++) all.push(await startTrap(servers));
  return {
    all,
    received: () => all.flatMap((trap) => trap.received.map((line) => `${trap.host} ${line}`)),
    close: () =>
      Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      ).then(() => undefined),
  };
}
