import http from 'node:http';
import { loadFetch } from '../../shared/bitrix24/httpClient';

/**
 * The same `user.current` call with nothing but a transport: the floor a REST client's overhead is measured
 * from. Every answer is parsed as JSON, because any client has to do that much.
 */
const agent = new http.Agent({ keepAlive: true });

export function rawHttpCall(url: string, auth: string): Promise<unknown> {
  const body = JSON.stringify({ auth });
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error);
          }
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export async function rawFetchCall(url: string, auth: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ auth }), headers: { 'content-type': 'application/json' } });
  return response.json();
}

/** node-fetch with nothing around it (same keep-alive agent as node:http): the floor for a client built on it. */
export async function rawNodeFetchCall(url: string, auth: string): Promise<unknown> {
  const fetch = await loadFetch();
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ auth }), headers: { 'content-type': 'application/json' }, agent });
  return JSON.parse(await response.text());
}
