import type { IncomingMessage } from 'node:http';
import { HttpRequest, type HttpRequestInit } from '@azure/functions';

/**
 * The Functions host's default request size limit (100 MB): a larger body breaks the handler's body stream
 * there. The handlers stop reading far earlier (64 KB, 256 KB).
 */
const maxRequestBodyBytes = 100 * 1024 * 1024;

class RequestTooLargeError extends Error {
  constructor() {
    super(`Request body exceeds ${maxRequestBodyBytes} bytes`);
    this.name = 'RequestTooLargeError';
  }
}

/**
 * Turns a Node request into the platform's own HttpRequest the way the Functions worker does with HTTP streams
 * on (createStreamRequest): absolute URL with query, headers (repeated ones joined with ', '), the route
 * parameters, and the body as a stream the handler reads as it arrives, so a handler that stops reading (a
 * body over its limit) stops the upload there.
 */
export function toHttpRequest(req: IncomingMessage, origin: string, params: Record<string, string>): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const nativeRequest = new Request(new URL(req.url ?? '/', origin).href, {
    method,
    headers,
    body: hasBody ? (limited(req) as unknown as BodyInit) : undefined,
    duplex: 'half',
  } as RequestInit & { duplex: 'half' });
  return new HttpRequest({ nativeRequest, params } as HttpRequestInit);
}

async function* limited(req: IncomingMessage): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxRequestBodyBytes) throw new RequestTooLargeError();
    yield chunk;
  }
}
