import { z } from 'zod';
import { HttpCallError, type HttpClient } from './httpClient';

/**
 * A Bitrix24 REST client: single calls and batch, `auth` in the JSON body (never in the URL), errors from
 * `{error, error_description}` typed with the method name. It calls only the endpoint it is given, which
 * callers take from the store or the configuration, never from a request.
 */
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

export interface RestClientOptions {
  http: HttpClient;
  timeoutMs: number;
}

export type RestParams = Record<string, unknown>;

export interface BatchAnswer {
  results: Record<string, unknown>;
  errors: Record<string, RestError>;
}

export interface RestClient {
  call(endpoint: string, method: string, params: RestParams, auth: string): Promise<unknown>;
  batch(endpoint: string, commands: Record<string, string>, auth: string): Promise<BatchAnswer>;
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

export function createRestClient(options: RestClientOptions): RestClient {
  async function call(endpoint: string, method: string, params: RestParams, auth: string): Promise<unknown> {
    let answer;
    try {
      answer = await options.http.postJson(`${endpoint}${method}`, { ...params, auth }, { target: method, timeoutMs: options.timeoutMs });
    } catch (error) {
      if (error instanceof HttpCallError) throw new RestUnavailableError(method, error.message, { cause: error });
      throw error;
    }
    return parseRestAnswer(method, answer.status, answer.text);
  }

  return {
    call,
    async batch(endpoint, commands, auth) {
      const raw = await call(endpoint, 'batch', { halt: 0, cmd: commands }, auth);
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
