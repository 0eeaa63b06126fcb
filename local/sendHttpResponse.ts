import type { ServerResponse } from 'node:http';
import { HttpResponse, type Cookie, type HttpResponseInit } from '@azure/functions';

const nullBodyStatuses = new Set([101, 204, 205, 304]);

/**
 * Writes what a handler returned, the way the Functions worker converts it (toRpcHttp): an HttpResponse is used
 * as is, a plain HttpResponseInit object goes through `new HttpResponse(init)` (so `jsonBody`, default status
 * 200 and default content types behave identically), `cookies` become Set-Cookie headers. Anything else that
 * is not undefined is a programming error and throws.
 */
export async function sendHttpResponse(res: ServerResponse, result: unknown, method: string): Promise<void> {
  if (result === undefined || result === null) {
    // Known simplification: the host's exact answer to "no response" is not replicated; nothing to send.
    res.writeHead(204).end();
    return;
  }
  if (typeof result !== 'object') {
    throw new Error('The HTTP response must be an object with optional properties "body", "status", "headers", and "cookies".');
  }
  const response = result instanceof HttpResponse ? result : new HttpResponse(result as HttpResponseInit);
  const body = nullBodyStatuses.has(response.status) ? Buffer.alloc(0) : Buffer.from(await response.arrayBuffer());

  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const setCookies = [...response.headers.getSetCookie(), ...response.cookies.map(toSetCookie)];
  if (setCookies.length > 0) headers['set-cookie'] = setCookies;
  if (!nullBodyStatuses.has(response.status)) headers['content-length'] = String(body.length);
  delete headers['transfer-encoding'];

  res.writeHead(response.status, headers);
  res.end(method === 'HEAD' ? undefined : body);
}

function toSetCookie(cookie: Cookie): string {
  const parts = [`${cookie.name}=${cookie.value}`];
  if (cookie.domain) parts.push(`Domain=${cookie.domain}`);
  if (cookie.path) parts.push(`Path=${cookie.path}`);
  if (cookie.expires !== undefined) parts.push(`Expires=${new Date(cookie.expires).toUTCString()}`);
  if (cookie.maxAge !== undefined) parts.push(`Max-Age=${Math.trunc(cookie.maxAge)}`);
  if (cookie.secure) parts.push('Secure');
  if (cookie.httpOnly) parts.push('HttpOnly');
  if (cookie.sameSite) parts.push(`SameSite=${cookie.sameSite}`);
  return parts.join('; ');
}
