import http from 'node:http';
import https from 'node:https';
import { AddressRefusedError, guardedLookup, ipLiteralOf, isAllowedAddress, type AddressPolicy } from './addressPolicy';

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

export type HttpFailure = 'timeout' | 'network' | 'refused';

export class HttpCallError extends Error {
  constructor(
    readonly failure: HttpFailure,
    /** What was called, for messages: a REST method name or "token endpoint", never a URL. */
    readonly target: string,
    options?: { cause?: unknown },
  ) {
    super(
      failure === 'timeout' ? `${target} did not answer in time` : failure === 'refused' ? `${target}: address not allowed` : `${target} could not be reached`,
      options,
    );
    this.name = 'HttpCallError';
  }
}

export interface PostOptions {
  /** Names the call in errors and logs instead of the URL, which may carry a portal host. */
  target: string;
  timeoutMs: number;
  /** Calls to portals: only addresses the policy allows, checked as the connection is made (see addressPolicy). */
  policy?: AddressPolicy;
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

/** The largest answer read from a portal or OAuth server. */
export const maxAnswerBytes = 4 * 1024 * 1024;

const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
/** Agents whose connections resolve through the policy's guard, one pair per policy. */
const guardedAgents = new Map<boolean, { http: http.Agent; https: https.Agent }>();
function agentsFor(policy: AddressPolicy | undefined): { http: http.Agent; https: https.Agent } {
  if (!policy) return { http: httpAgent, https: httpsAgent };
  let agents = guardedAgents.get(policy.allowLoopback);
  if (!agents) {
    const lookup = guardedLookup(policy) as unknown as http.AgentOptions['lookup'];
    agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64, lookup }), https: new https.Agent({ keepAlive: true, maxSockets: 64, lookup }) };
    guardedAgents.set(policy.allowLoopback, agents);
  }
  return agents;
}

/** A host written as an IP address is connected to without a lookup: it is checked here instead. */
function refusedLiteral(url: string, policy: AddressPolicy | undefined): boolean {
  if (!policy) return false;
  const literal = ipLiteralOf(new URL(url).hostname);
  return literal !== null && !isAllowedAddress(literal, policy);
}

/** node-fetch copies the failed connection's error code onto its own error. */
function isRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code ?? ((error as { cause?: { code?: unknown } } | null)?.cause)?.code;
  return code === 'EADDRREFUSED';
}

export function createHttpClient(): HttpClient {
  async function post(url: string, body: string, contentType: string, options: PostOptions): Promise<HttpAnswer> {
    if (refusedLiteral(url, options.policy)) throw new HttpCallError('refused', options.target, { cause: new AddressRefusedError(new URL(url).hostname) });
    const fetch = await loadFetch();
    const agents = agentsFor(options.policy);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': contentType, accept: 'application/json' },
        redirect: 'manual',
        signal: controller.signal,
        // Bitrix24's answers are a few KB; a host that sends more is cut off instead of filling memory.
        size: maxAnswerBytes,
        agent: (parsed: URL) => (parsed.protocol === 'http:' ? agents.http : agents.https),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text };
    } catch (error) {
      throw new HttpCallError(controller.signal.aborted ? 'timeout' : isRefusal(error) ? 'refused' : 'network', options.target, { cause: error });
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
