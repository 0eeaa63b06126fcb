import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Storage round trips seen so far: reads are GET/HEAD, everything else (insert, update, delete, $batch) writes. */
export interface StorageCount {
  reads: number;
  writes: number;
}

export interface CountingProxy {
  port: number;
  /** totals since the proxy started; subtract two snapshots to count one request's round trips */
  snapshot(): StorageCount;
  close(): Promise<void>;
}

/**
 * A loopback HTTP relay in front of Azurite that counts the requests passing through. The app's storage
 * client reaches Azurite only through it (AzureWebJobsStorage names the relay's port), so every round trip
 * an open or an action makes is counted without touching the app. It costs one extra loopback hop per
 * storage call; the bench measures that hop separately (scenarios/storageProxyOverhead.ts).
 */
export async function startCountingProxy(targetPort: number): Promise<CountingProxy> {
  const count: StorageCount = { reads: 0, writes: 0 };
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer({ keepAlive: true }, (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'GET' || method === 'HEAD') count.reads++;
    else count.writes++;
    const upstream = http.request({ host: '127.0.0.1', port: targetPort, method, path: req.url, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    // The storage client sees a reset, as it would if Azurite itself dropped the connection.
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    snapshot: () => ({ ...count }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

export function countSince(before: StorageCount, after: StorageCount): StorageCount {
  return { reads: after.reads - before.reads, writes: after.writes - before.writes };
}
