// Loaded before @azure/functions: its "test mode" warnings are expected under this host (see the module).
import './quietTestModeWarnings';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { format } from 'node:util';
import { InvocationContext } from '@azure/functions';
import { registeredHttpFunctions, type RegisteredHttpFunction } from '../shared/web/httpFunctions';
import { resolveMainEntries } from './mainEntries';
import { projectRoot } from './projectRoot';
import { compileRoute, type RouteMatcher } from './routeTemplate';
import { sendHttpResponse } from './sendHttpResponse';
import { toHttpRequest } from './toHttpRequest';

export { resolveMainEntries } from './mainEntries';

export interface FunctionsHostOptions {
  /** 0 (the default) lets the OS pick a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** The modules that register the functions; default: package.json `main`, as the Azure host loads them. */
  entryFiles?: string[];
  /** Where the route prefix comes from (extensions.http.routePrefix); default: the project's host.json. */
  hostJsonPath?: string;
  /** Receives every log line; default console.log. */
  log?: (line: string) => void;
}

export interface ServedFunction {
  name: string;
  methods: string[];
  /** The route template as the Azure host prints it, e.g. `http://127.0.0.1:7071/api/placement/{action?}`. */
  url: string;
}

export interface FunctionsHost {
  url: string;
  port: number;
  functions: ServedFunction[];
  close(): Promise<void>;
}

interface Route {
  fn: RegisteredHttpFunction;
  matches: RouteMatcher;
}

/**
 * A local stand-in for the Azure Functions host for the HTTP functions this app registers: it loads the entry
 * files, then serves exactly what they passed to `app.http` (recorded by shared/httpFunctions.ts), with the
 * platform's own HttpRequest/InvocationContext/HttpResponse objects. Listens on 127.0.0.1 only.
 */
export async function startFunctionsHost(options: FunctionsHostOptions = {}): Promise<FunctionsHost> {
  const root = projectRoot();
  const log = options.log ?? ((line: string) => console.log(line));
  const entryFiles = options.entryFiles ?? resolveMainEntries(join(root, 'package.json'));
  for (const entry of entryFiles) {
    if (!existsSync(entry)) throw new Error(`Function entry ${relative(root, entry)} does not exist (check package.json "main"; did the build run?)`);
    require(entry);
  }
  const functions = registeredHttpFunctions();
  if (functions.length === 0) throw new Error('The entry files registered no HTTP functions');

  const prefix = readRoutePrefix(options.hostJsonPath ?? join(root, 'host.json'));
  const routes: Route[] = functions.map((fn) => ({ fn, matches: compileRoute(prefix, fn.route) }));
  const host = options.host ?? '127.0.0.1';

  const server = createServer({ keepAlive: true }, (req, res) => {
    void serve(req, res, routes, origin(req, host, (server.address() as AddressInfo).port), log);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;

  return {
    url,
    port,
    functions: functions.map((fn) => ({ name: fn.name, methods: [...fn.methods], url: [url, prefix, fn.route].filter(Boolean).join('/') })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** host.json `extensions.http.routePrefix`, without surrounding slashes; `api` when not set, `` allowed. */
export function readRoutePrefix(hostJsonPath: string): string {
  if (!existsSync(hostJsonPath)) return 'api';
  const hostJson = JSON.parse(readFileSync(hostJsonPath, 'utf8')) as { extensions?: { http?: { routePrefix?: unknown } } };
  const prefix = hostJson.extensions?.http?.routePrefix;
  return typeof prefix === 'string' ? prefix.replace(/^\/+|\/+$/g, '') : 'api';
}

async function serve(req: IncomingMessage, res: ServerResponse, routes: Route[], base: string, log: (line: string) => void): Promise<void> {
  const pathname = new URL(req.url ?? '/', base).pathname;
  const method = (req.method ?? 'GET').toUpperCase();
  const candidates = routes.flatMap((route) => {
    const params = route.matches(pathname);
    return params ? [{ fn: route.fn, params }] : [];
  });
  const chosen = candidates.find((candidate) => candidate.fn.methods.includes(method as never));
  if (!chosen) {
    req.resume();
    if (candidates.length === 0) {
      res.writeHead(404, { 'content-length': '0' }).end();
    } else {
      const allow = [...new Set(candidates.flatMap((candidate) => candidate.fn.methods))].join(', ');
      res.writeHead(405, { allow, 'content-length': '0' }).end();
    }
    return;
  }

  const { fn, params } = chosen;
  const invocationId = randomUUID();
  const started = Date.now();
  const context = new InvocationContext({
    invocationId,
    functionName: fn.name,
    logHandler: (level, ...args) => log(`[${fn.name}] ${level} ${format(...args)}`),
  });
  try {
    const request = toHttpRequest(req, base, params);
    const result = await fn.handler(request, context);
    // A body the handler did not read to its end (refused at its size limit) is not read on: the connection
    // closes once the answer is out (Node ends the socket after a `connection: close` answer).
    if (!req.complete) res.setHeader('connection', 'close');
    await sendHttpResponse(res, result, method);
    log(`[${fn.name}] information Executed 'Functions.${fn.name}' (Succeeded, Id=${invocationId}, Duration=${Date.now() - started}ms)`);
  } catch (error) {
    log(`[${fn.name}] error Executed 'Functions.${fn.name}' (Failed, Id=${invocationId}, Duration=${Date.now() - started}ms)\n${describe(error)}`);
    if (res.headersSent) {
      res.destroy();
    } else {
      // The platform answers an unhandled error with a bare 500; the error itself only goes to the log.
      const body = 'Internal Server Error';
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) }).end(body);
    }
  }
}

/** The request's own origin (Host header) so `request.url` is what the client called; our address otherwise. */
function origin(req: IncomingMessage, host: string, port: number): string {
  const fallback = `http://${host}:${port}`;
  if (!req.headers.host) return fallback;
  try {
    return new URL(`http://${req.headers.host}`).origin;
  } catch {
    return fallback;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : format(error);
}
