import http from 'node:http';
import type { Answer } from './responseInvariants';

export interface RawPostOptions {
  /** sent as given: no Content-Type unless named here */
  headers?: Record<string, string>;
  /** the body with a Content-Length */
  body?: Uint8Array;
  /** the body in these chunks, without a Content-Length (Transfer-Encoding: chunked) */
  chunks?: Uint8Array[];
}

/**
 * A POST with exactly the bytes and headers given (fetch would add a Content-Type, and insists on valid
 * strings), on a fresh connection, answered as status, headers and text.
 */
export function rawPost(url: string, options: RawPostOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body) headers['content-length'] = String(options.body.byteLength);
    const request = http.request(url, { method: 'POST', headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) answerHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        resolve({ status: response.statusCode ?? 0, headers: answerHeaders, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.on('error', reject);
    if (options.body) request.end(options.body);
    else {
      for (const chunk of options.chunks ?? []) request.write(chunk);
      request.end();
    }
  });
}
