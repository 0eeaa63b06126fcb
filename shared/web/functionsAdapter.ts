import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { defaultBx24ScriptUrl } from '../config';
import { AppError } from '../errors';
import { errorResponse, toAppError } from './errorResponse';
import type { ErrorCode, ErrorPlace, ErrorPlaceOf } from './errorPlace';
import { parseFields, stringField, type FieldTree } from '../bitrix24/formFields';
import { pickLang } from '../i18n';
import { createLogger, type Logger } from '../logger';
import type { AppResponse } from './page';

/**
 * The only module that knows the Azure Functions request and response types. It reads the body (stopping at
 * the size limit while reading), merges query and form fields (fields that carry a session only from the
 * body), keeps the request's tokens out of the logs, runs the transport-free handler and turns whatever it
 * throws into the one error response.
 */
export interface AppRequest {
  method: string;
  /** Route parameters, e.g. `action` of `placement/{action?}`. */
  params: Record<string, string | undefined>;
  /** Query and form fields together, bracketed keys as nested trees. */
  fields: FieldTree;
}

export interface HandlerContext {
  invocationId: string;
  log: Logger;
  /**
   * Tells the adapter where an error page of this request would be shown, once the handler knows it (the
   * latest call wins). Without it an error page is not framed and speaks the request's LANG.
   */
  placeErrors(place: ErrorPlaceOf): void;
}

export type AppHandler = (request: AppRequest, context: HandlerContext) => Promise<AppResponse>;

/** What the adapter needs from the deployment; loading it may fail with a configuration error. */
export interface LoadedHandler {
  handle: AppHandler;
  bx24ScriptUrl: string;
  /** Values that must never reach a log line (client secret, session secret). */
  secrets: string[];
}

export interface AdapterOptions {
  /** Bodies above this are refused with 413 before they are parsed. */
  maxBodyBytes: number | ((params: Record<string, string | undefined>) => number);
  /** Pages for browser frames, short text for server-to-server posts (events). */
  errorFormat(fields: FieldTree): 'html' | 'text';
}

const tokenFields = ['AUTH_ID', 'REFRESH_ID', 'APPLICATION_TOKEN', 'session'];
/** Fields taken from the form body only: a session in a URL would end up in logs and histories. */
const bodyOnlyFields = ['session'];
const eventTokenFields = ['access_token', 'refresh_token', 'application_token'];

export function toHttpHandler(load: () => LoadedHandler, options: AdapterOptions): HttpHandler {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const started = Date.now();
    const log = createLogger({ info: (m) => context.log(m), warn: (m) => context.warn(m), error: (m) => context.error(m) });
    let fields: FieldTree = Object.create(null);
    let loaded: LoadedHandler | undefined;
    let placeErrors: ErrorPlaceOf | undefined;
    let response: AppResponse;
    try {
      const url = new URL(request.url);
      const limit = typeof options.maxBodyBytes === 'number' ? options.maxBodyBytes : options.maxBodyBytes({ ...request.params });
      const bodyText = await readBody(request, limit);
      const query = new URLSearchParams(url.search);
      log.addSecrets(...bodyOnlyFields.flatMap((key) => query.getAll(key)));
      for (const key of [...query.keys()]) if (bodyOnlyFields.some((name) => key === name || key.startsWith(`${name}[`))) query.delete(key);
      fields = parseFields(query.toString(), bodyText);
      const auth = fields.auth;
      log.addSecrets(...tokenFields.map((key) => stringField(fields, key)));
      if (auth && typeof auth === 'object') log.addSecrets(...eventTokenFields.map((key) => stringField(auth, key)));
      loaded = load();
      log.addSecrets(...loaded.secrets);
      response = await loaded.handle(
        { method: request.method, params: { ...request.params }, fields },
        { invocationId: context.invocationId, log, placeErrors: (place) => (placeErrors = place) },
      );
    } catch (error) {
      const known = toAppError(error);
      if (!known || known.status >= 500) log.error('request.failed', { invocationId: context.invocationId, fn: context.functionName }, error);
      else log.warn('request.refused', { fn: context.functionName, code: known.code, reason: known.message });
      const place = await describePlace(placeErrors, known?.code ?? 'internal', log);
      response = errorResponse(error, {
        lang: place.lang ?? pickLang(stringField(fields, 'LANG') ?? languageOfEvent(fields)),
        invocationId: context.invocationId,
        format: options.errorFormat(fields),
        bx24ScriptUrl: loaded?.bx24ScriptUrl ?? defaultBx24ScriptUrl,
        frameAncestor: place.frameAncestor,
        wayOn: place.wayOn,
        content: place.content,
        data: place.data,
      });
    }
    log.info('request.done', { fn: context.functionName, status: response.status, ms: Date.now() - started });
    return { status: response.status, headers: response.headers, body: response.body };
  };
}

/**
 * The body as text, read chunk by chunk: a declared length over the limit is refused before reading, and a
 * body without one (chunked) stops being read, and is cancelled, at the first chunk past the limit.
 */
async function readBody(request: HttpRequest, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new AppError('payload_too_large', `body of ${declared} bytes`);
  const stream = request.body;
  if (!stream) return '';
  const reader = stream.getReader();
  const decoder = new TextDecoder('utf-8');
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new AppError('payload_too_large', `body over ${maxBytes} bytes`);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function languageOfEvent(fields: FieldTree): string | undefined {
  const data = fields.data;
  return data && typeof data === 'object' ? stringField(data, 'LANGUAGE_ID') : undefined;
}

/**
 * What the handler said about its error page. A request's own DOMAIN never decides who may frame it: only an
 * origin the handler took from storage or verified does. Describing may itself fail (storage down): then the
 * page is shown unframed rather than not at all.
 */
async function describePlace(placeErrors: ErrorPlaceOf | undefined, code: ErrorCode, log: Logger): Promise<ErrorPlace> {
  if (!placeErrors) return {};
  try {
    return await placeErrors(code);
  } catch (error) {
    log.warn('request.errorPlaceUnknown', { reason: (error as Error)?.message ?? String(error) });
    return {};
  }
}
