import http from 'node:http';
import https from 'node:https';

/**
 * The one way this app sends HTTP: node-fetch (ESM-only, so loaded with import() once and cached), keep-alive
 * agents so a warm instance reuses its connection to a portal, a timeout on every call, and redirects never
 * followed automatically (a portal that moved answers 302, and a client must not turn POST into GET).
 */
export interface HttpAnswer {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
}

export type HttpFailure = 'timeout' | 'network';

export class HttpCallError extends Error {
  constructor(
    readonly failure: HttpFailure,
    /** What was called, for messages: a REST method name or "token endpoint", never a URL. */
    readonly target: string,
    options?: { cause?: unknown },
  ) {
    super(failure === 'timeout' ? `${target} did not answer in time` : `${target} could not be reached`, options);
    this.name = 'HttpCallError';
  }
}

export interface PostOptions {
  /** Names the call in errors and logs instead of the URL, which may carry a portal host. */
  target: string;
  timeoutMs: number;
}

export interface HttpClient {
  postJson(url: string, body: unknown, options: PostOptions): Promise<HttpAnswer>;
  postForm(url: string, fields: Record<string, string>, options: PostOptions): Promise<HttpAnswer>;
}

type Fetch = typeof import('node-fetch', { with: { 'resolution-mode': 'import' } }).default;
let fetchPromise: Promise<Fetch> | undefined;
/** node-fetch, imported on the first call that needs it (not at startup) and kept. */
export function loadFetch(): Promise<Fetch> {
  fetchPromise ??= import('node-fetch').then((module) => module.default);
  return fetchPromise;
}

const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

export function createHttpClient(): HttpClient {
  async function post(url: string, body: string, contentType: string, options: PostOptions): Promise<HttpAnswer> {
    const fetch = await loadFetch();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': contentType, accept: 'application/json' },
        redirect: 'manual',
        signal: controller.signal,
        agent: (parsed: URL) => (parsed.protocol === 'http:' ? httpAgent : httpsAgent),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text };
    } catch (error) {
      throw new HttpCallError(controller.signal.aborted ? 'timeout' : 'network', options.target, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
  return {
    postJson: (url, body, options) => post(url, JSON.stringify(body), 'application/json', options),
    postForm: (url, fields, options) =>
      post(url, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options),
  };
}
