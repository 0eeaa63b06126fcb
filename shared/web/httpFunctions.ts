import { app, type HttpFunctionOptions, type HttpHandler, type HttpMethod } from '@azure/functions';

/**
 * The one route table of the app. Each handler folder's index.ts passes its entry through `httpFunction` into
 * `app.http`, and the local functions host (local/functionsHost.ts) serves what was passed here, so the routes
 * Azure serves and the routes `npm start` serves cannot drift apart.
 */
export const routeTable = {
  installHandler: { route: 'install', methods: ['POST'] as HttpMethod[], authLevel: 'anonymous' as const },
  // GET only for /api/placement/restore, where a sidebar page's history entry points once it is replaced.
  placementHandler: { route: 'placement/{action?}', methods: ['GET', 'POST'] as HttpMethod[], authLevel: 'anonymous' as const },
};

export type FunctionName = keyof typeof routeTable;

export interface RegisteredHttpFunction {
  name: FunctionName;
  route: string;
  methods: HttpMethod[];
  authLevel: 'anonymous';
  handler: HttpHandler;
}

const registered = new Map<FunctionName, RegisteredHttpFunction>();

let streaming = false;

/** The options for `app.http(name, ...)`, recorded so the local host can serve the same function. */
export function httpFunction(name: FunctionName, handler: HttpHandler): HttpFunctionOptions {
  if (!streaming) {
    // The host hands request bodies over as they arrive instead of buffering them whole, so the functions'
    // size limits apply while reading (shared/web/functionsAdapter.ts), not after a 100 MB upload.
    app.setup({ enableHttpStream: true });
    streaming = true;
  }
  const entry: RegisteredHttpFunction = { name, ...routeTable[name], handler };
  registered.set(name, entry);
  return { route: entry.route, methods: entry.methods, authLevel: entry.authLevel, handler };
}

export function registeredHttpFunctions(): RegisteredHttpFunction[] {
  return [...registered.values()];
}
