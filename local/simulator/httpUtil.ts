import http from 'node:http';
import https from 'node:https';

const MAX_BODY_BYTES = 1024 * 1024;

/** The portal's REST API answers any origin, so the BX24 stand-in can call it from the app's frame. */
export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
};

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendText(res: http.ServerResponse, status: number, contentType: string, text: string, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

const arrivals = new WeakMap<http.IncomingMessage, number>();

/** Notes when a request reached the simulator (called by every listener before its handler). */
export function markArrival(req: http.IncomingMessage): void {
  arrivals.set(req, performance.now());
}

/**
 * Waits out the injected round trip, counted from the request's arrival. A real portal's clock runs on
 * another machine: the time this process spends elsewhere before it gets to read the request's body (the
 * app's own work, when the simulator shares its process) must not lengthen the round trip beyond the latency.
 */
export function roundTrip(sim: { latencyMs: number }, req: http.IncomingMessage): Promise<void> {
  const arrived = arrivals.get(req);
  return delay(arrived === undefined ? sim.latencyMs : sim.latencyMs - (performance.now() - arrived));
}

/**
 * A server-side form POST, as the portal sends events. Resolves with the handler's status, or null when it
 * could not be reached: the portal does not retry, and neither does the simulator.
 */
export function postForm(url: string, body: string, timeoutMs = 10_000): Promise<number | null> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve(null);
      return;
    }
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'Bitrix24 Webhook Engine',
        },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? null));
        res.on('error', () => resolve(res.statusCode ?? null));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(null));
    req.end(body);
  });
}
