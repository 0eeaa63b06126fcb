import { HttpRequest, InvocationContext, type HttpHandler } from '@azure/functions';
import { randomUUID } from 'node:crypto';
import { createInstallHandler, installHttpHandler } from '../../installHandler/installHandler';
import { startSimulator } from '../../local/simulator';
import type { Simulator } from '../../local/simulator/Simulator';
import type { SimulatorOptions } from '../../local/simulator/types';
import { createPlacementHandler, placementHttpHandler } from '../../placementHandler/placementHandler';
import type { Config } from '../../shared/config';
import type { AppHandler } from '../../shared/web/functionsAdapter';
import type { RetryPolicy } from '../../shared/bitrix24/restClient';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../shared/runtime';
import { testStorageConnectionString, uniqueTableSuffix } from './testStorage';

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

export interface Payload {
  query: string;
  body: string;
}

export interface AppHarness {
  sim: Simulator;
  config: Config;
  /** this app's tables' prefix: another app given the same prefix shares its storage */
  tablePrefix: string;
  runtime: Runtime;
  /** Every line the functions logged, across invocations. */
  logs: string[];
  install(payload: Payload | string): Promise<Answer>;
  placement(payload: Payload | string, action?: string): Promise<Answer>;
  /** GET /api/placement/<action>?<query> (the restore page) */
  placementGet(query: string, action: string): Promise<Answer>;
  /** Installs through the install page as the admin and finishes like the portal does (ONAPPINSTALL). */
  installApp(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  config?: Partial<Config>;
  runtime?: RuntimeOptions;
  /** Replace parts of the runtime (e.g. a store that fails) after it is built. */
  patch?: (runtime: Runtime) => Runtime;
  accessTokenTtlSeconds?: number;
  /** the REST client's retry policy (tests shorten the budget) */
  retry?: RetryPolicy;
  /** OAuth servers (regions) allowed besides the simulator's own, as BITRIX24_OAUTH_URLS adds them */
  extraOAuthUrls?: string[];
  /** how the simulated portal behaves (e.g. a REST host of its own) */
  simulator?: Pick<SimulatorOptions, 'separateRestHost'>;
}

export const publicBaseUrl = 'http://127.0.0.1:7071';
/** A fixed key, so apps of one test that share tables can read each other's rows. */
export const testTokenKey = Buffer.alloc(32, 7);

/**
 * The two functions wired exactly as the Functions host runs them, driven with real HttpRequest and
 * InvocationContext objects, against a real simulator on loopback and the run's Azurite.
 */
export async function startApp(options: HarnessOptions = {}): Promise<AppHarness> {
  const sim = await startSimulator({ appUrl: publicBaseUrl, accessTokenTtlSeconds: options.accessTokenTtlSeconds, ...options.simulator });
  const config: Config = {
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    publicBaseUrl,
    sessionSecret: 'test-session-secret-0123456789-abcdefghij',
    storage: { kind: 'connectionString', connectionString: testStorageConnectionString() },
    oauthUrl: sim.oauthUrl,
    oauthUrls: [options.config?.oauthUrl ?? sim.oauthUrl, ...(options.extraOAuthUrls ?? [])],
    allowHttp: true,
    bx24ScriptUrl: sim.bx24ScriptUrl,
    port: 7071,
    tokenKey: testTokenKey,
    ...options.config,
  };
  const tablePrefix = options.runtime?.tablePrefix ?? uniqueTableSuffix();
  const built = createRuntime(config, { timeoutMs: 2000, retry: options.retry, ...options.runtime, tablePrefix });
  const runtime = options.patch ? options.patch(built) : built;
  const logs: string[] = [];
  const loaded = (create: (runtime: Runtime) => AppHandler) => {
    const handle = create(runtime);
    return () => ({ handle, bx24ScriptUrl: config.bx24ScriptUrl, secrets: [config.clientSecret, config.sessionSecret, config.tokenKey.toString('base64')] });
  };
  const install = installHttpHandler(loaded(createInstallHandler));
  const placement = placementHttpHandler(loaded(createPlacementHandler));

  const invoke = async (handler: HttpHandler, name: string, route: string, payload: Payload | string, params: Record<string, string> = {}, method = 'POST') => {
    const { query, body } = typeof payload === 'string' ? { query: '', body: payload } : payload;
    const request = new HttpRequest({
      method,
      url: `${publicBaseUrl}/api/${route}${query ? `?${query}` : ''}`,
      headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      body: method === 'POST' ? { string: body } : undefined,
      params,
    });
    const context = new InvocationContext({
      invocationId: randomUUID(),
      functionName: name,
      logHandler: (level, ...args) => logs.push(`${level} ${args.map(String).join(' ')}`),
    });
    const response = await handler(request, context);
    const init = response as { status?: number; headers?: Record<string, string>; body?: unknown };
    return { status: init.status ?? 200, headers: new Headers(init.headers ?? {}), body: String(init.body ?? '') };
  };

  const harness: AppHarness = {
    sim,
    config,
    tablePrefix,
    runtime,
    logs,
    install: (payload) => invoke(install, 'installHandler', 'install', payload),
    placement: (payload, action) => invoke(placement, 'placementHandler', action ? `placement/${action}` : 'placement', payload, action ? { action } : {}),
    placementGet: (query, action) => invoke(placement, 'placementHandler', `placement/${action}`, { query, body: '' }, { action }, 'GET'),
    async installApp() {
      const answer = await harness.install(sim.installForm());
      if (answer.status !== 200) throw new Error(`install failed: ${answer.status}`);
      // What BX24.installFinish() makes the portal do: it sends ONAPPINSTALL to the bound handler.
      const event = await harness.install(sim.eventForm('ONAPPINSTALL'));
      if (event.status !== 200) throw new Error(`ONAPPINSTALL failed: ${event.status} ${event.body}`);
      sim.installed = true;
    },
    close: () => sim.close(),
  };
  return harness;
}

/** The visible text of a page, for assertions that read like what a person sees. */
export function visibleText(page: string): string {
  return page
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
