import type { IncomingMessage } from 'node:http';
import { HttpRequest } from '@azure/functions';

/** The Functions host's request size limit (100 MB); larger bodies are refused before any handler runs. */
export const maxRequestBodyBytes = 100 * 1024 * 1024;

export class RequestTooLargeError extends Error {
  constructor() {
    super(`Request body exceeds ${maxRequestBodyBytes} bytes`);
    this.name = 'RequestTooLargeError';
  }
}

/**
 * Reads a Node request fully and turns it into the platform's own HttpRequest, built through its public
 * constructor the way the Functions worker builds it: absolute URL with query, headers (repeated ones joined
 * with ', '), the body as bytes, and the route parameters.
 */
export async function toHttpRequest(req: IncomingMessage, origin: string, params: Record<string, string>): Promise<HttpRequest> {
  const bytes = await readBody(req);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return new HttpRequest({
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', origin).href,
    headers,
    body: { bytes },
    params,
  });
}

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxRequestBodyBytes) throw new RequestTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
