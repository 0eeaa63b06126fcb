import { z } from 'zod';
import { AppError } from '../errors';
import type { AddressPolicy } from './addressPolicy';
import { HttpCallError, type HttpClient } from './httpClient';
import { restEndpointOf } from './portalEndpoint';

/**
 * A Bitrix24 REST client: single calls and batch, `auth` in the JSON body (never in the URL), errors from
 * `{error, error_description}` typed with the method name. It calls only the endpoint it is given, which
 * callers take from the store or the configuration, never from a request.
 */
/** What a portal answers once the app is gone from it: unpaid, or the portal deleted. */
export const inactiveCodes = new Set(['PAYMENT_REQUIRED', 'PORTAL_DELETED']);

export class RestError extends Error {
  constructor(
    /** The portal's error code, e.g. `expired_token`, `ACCESS_ERROR`, `ERROR_CORE`. */
    readonly code: string,
    readonly description: string,
    readonly method: string,
    readonly status: number,
  ) {
    super(`${method} answered ${code}`);
    this.name = 'RestError';
  }
}

/** The portal or the OAuth server did not give a usable answer (timeout, network, 5xx, not JSON). */
export class RestUnavailableError extends Error {
  constructor(
    readonly method: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${method}: ${reason}`, options);
    this.name = 'RestUnavailableError';
  }
}

const errorBodySchema = z.object({ error: z.string(), error_description: z.string().optional() });
const resultBodySchema = z.object({ result: z.unknown() });

export interface RetryPolicy {
  /** total time a read-only call may spend waiting between attempts, in ms */
  budgetMs: number;
  /** first backoff, doubled each attempt, with jitter */
  baseDelayMs: number;
  /** the portal's answers that mean "busy, try later" */
  busyCodes: readonly string[];
}

/** Portal rate limits (per portal and source IP) ease within a second or two; beyond that a user would rather retry. */
export const defaultRetryPolicy: RetryPolicy = { budgetMs: 2000, baseDelayMs: 150, busyCodes: ['QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT'] };

export interface RestClientOptions {
  http: HttpClient;
  timeoutMs: number;
  /** whether a portal may move to an http:// address (local testing only) */
  allowHttp: boolean;
  /** which addresses portal calls may reach (public ones; loopback too when testing locally) */
  policy: AddressPolicy;
  retry?: RetryPolicy;
}

/**
 * What to do when a portal answers 3xx (it changed its address). The new address is followed only after
 * `confirm` established that it is the same portal (through the OAuth server; it throws when it is not), so no
 * token reaches an unconfirmed host; then the call is repeated there as POST and `record` stores the address.
 * Without it a move is refused.
 */
export interface MoveHandling {
  confirm(endpoint: string, auth: string): Promise<void>;
  record(endpoint: string): Promise<void>;
}

export interface CallOptions {
  /** Read-only calls are retried while the portal is busy, within the budget; writes are never repeated. */
  readOnly?: boolean;
  /** How a portal's move to a new address is confirmed and recorded; without it, a move is refused. */
  move?: MoveHandling;
}

/** The portal kept answering "busy" past the retry budget, or a write met a busy portal. */
export class PortalBusyError extends Error {
  constructor(readonly method: string, options?: { cause?: unknown }) {
    super(`${method}: portal busy`, options);
    this.name = 'PortalBusyError';
  }
}

export type RestParams = Record<string, unknown>;

export interface BatchAnswer {
  results: Record<string, unknown>;
  errors: Record<string, RestError>;
}

export interface RestClient {
  call(endpoint: string, method: string, params: RestParams, auth: string, options?: CallOptions): Promise<unknown>;
  batch(endpoint: string, commands: Record<string, string>, auth: string, options?: CallOptions): Promise<BatchAnswer>;
}

/** A batch command string: `method?query`, with nested params in the bracketed form the portal reads. */
export function batchCommand(method: string, params: RestParams = {}): string {
  const query = new URLSearchParams();
  const add = (prefix: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (typeof value === 'object') {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) add(`${prefix}[${key}]`, inner);
    } else {
      query.append(prefix, String(value));
    }
  };
  for (const [key, value] of Object.entries(params)) add(key, value);
  const encoded = query.toString();
  return encoded ? `${method}?${encoded}` : method;
}

export function parseRestAnswer(method: string, status: number, text: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new RestUnavailableError(method, `answered ${status} without JSON`, { cause });
  }
  const error = errorBodySchema.safeParse(body);
  if (error.success) throw new RestError(error.data.error, error.data.error_description ?? '', method, status);
  const result = resultBodySchema.safeParse(body);
  if (!result.success || status >= 300) throw new RestUnavailableError(method, `answered ${status} without a result`);
  return result.data.result;
}

const batchResultSchema = z.object({
  result: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
  result_error: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
});

/**
 * Where a portal that changed its domain says it went: the same method under another portal's `/rest/`, over
 * https (http only when allowed), without credentials. Anything else is not followed.
 */
export function movedEndpoint(location: string | null, method: string, allowHttp: boolean): string | null {
  if (!location) return null;
  const path = location.split(/[?#]/)[0] ?? '';
  const suffix = [`/rest/${method}`, `/rest/${method}.json`].find((ending) => path.endsWith(ending));
  if (!suffix) return null;
  return restEndpointOf(`${path.slice(0, path.length - suffix.length)}/rest/`, allowHttp);
}

const isRedirect = (status: number) => status >= 300 && status < 400;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createRestClient(options: RestClientOptions): RestClient {
  const policy = options.retry ?? defaultRetryPolicy;

  async function post(endpoint: string, method: string, body: unknown) {
    try {
      return await options.http.postJson(`${endpoint}${method}`, body, { target: method, timeoutMs: options.timeoutMs, policy: options.policy });
    } catch (error) {
      if (error instanceof HttpCallError) throw new RestUnavailableError(method, error.message, { cause: error });
      throw error;
    }
  }

  async function once(endpoint: string, method: string, params: RestParams, auth: string, callOptions: CallOptions): Promise<unknown> {
    const body = { ...params, auth };
    let answer = await post(endpoint, method, body);
    if (isRedirect(answer.status)) {
      const moved = movedEndpoint(answer.headers.get('location'), method, options.allowHttp);
      if (!moved || !callOptions.move) throw new AppError('portal_moved', `${method} answered ${answer.status} to an address that is not followed`);
      await callOptions.move.confirm(moved, auth);
      // Repeated as POST at the confirmed address (a client following the redirect itself would turn it into GET).
      answer = await post(moved, method, body);
      if (isRedirect(answer.status)) throw new AppError('portal_moved', `${method} moved again at its new address`);
      const result = parseRestAnswer(method, answer.status, answer.text);
      await callOptions.move.record(moved);
      return result;
    }
    return parseRestAnswer(method, answer.status, answer.text);
  }

  async function call(endpoint: string, method: string, params: RestParams, auth: string, callOptions: CallOptions = {}): Promise<unknown> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await once(endpoint, method, params, auth, callOptions);
      } catch (error) {
        if (!(error instanceof RestError) || !policy.busyCodes.includes(error.code)) throw error;
        if (!callOptions.readOnly) throw new PortalBusyError(method, { cause: error });
        const delay = policy.baseDelayMs * 2 ** attempt * (0.5 + Math.random() / 2);
        if (Date.now() - started + delay > policy.budgetMs) throw new PortalBusyError(method, { cause: error });
        await sleep(delay);
      }
    }
  }

  return {
    call,
    async batch(endpoint, commands, auth, callOptions) {
      const raw = await call(endpoint, 'batch', { halt: 0, cmd: commands }, auth, callOptions);
      const parsed = batchResultSchema.safeParse(raw);
      if (!parsed.success) throw new RestUnavailableError('batch', 'answered without a batch result');
      // Empty maps arrive as [] from PHP.
      const results = Array.isArray(parsed.data.result) ? {} : (parsed.data.result ?? {});
      const rawErrors = Array.isArray(parsed.data.result_error) ? {} : (parsed.data.result_error ?? {});
      const errors: Record<string, RestError> = {};
      for (const [key, value] of Object.entries(rawErrors)) {
        const error = errorBodySchema.safeParse(value);
        const method = (commands[key] ?? key).split('?')[0] ?? key;
        errors[key] = error.success
          ? new RestError(error.data.error, error.data.error_description ?? '', method, 400)
          : new RestError('UNKNOWN', '', method, 400);
      }
      return { results, errors };
    },
  };
}
