import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../shared/config';
import { startAzurite } from './azurite';
import { startFunctionsHost, type FunctionsHost } from './functionsHost';
import { startSimulator } from './simulator';
import type { Simulator } from './simulator/Simulator';

const defaultPort = 7071;
const developmentStorage = 'UseDevelopmentStorage=true';

type Cleanup = () => Promise<void>;

export interface LocalStack {
  sim: Simulator;
  host: FunctionsHost;
  config: Config;
  /** true when this stack started its own in-memory Azurite */
  ownAzurite: boolean;
  stop(): Promise<void>;
}

/**
 * Azurite's table service in memory (unless `AzureWebJobsStorage` names a real account), the portal
 * simulator, and the functions host, wired together through the same settings Azure reads. Defaults go into
 * `env` only for settings it does not already have: the environment always wins. Used by `npm start` and the
 * browser tests, so both run the same stack.
 */
export async function startLocalStack(env: NodeJS.ProcessEnv = process.env, options: { log?: (line: string) => void } = {}): Promise<LocalStack> {
  const cleanups: Cleanup[] = [];
  const stop = async (): Promise<void> => {
    const failures: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} part(s) did not stop cleanly`);
  };
  try {
    const storage = env.AzureWebJobsStorage?.trim();
    const ownAzurite = !storage || storage === developmentStorage;
    if (ownAzurite) {
      const azurite = await startAzurite({ inMemory: true });
      cleanups.push(azurite.stop);
      // Replaces UseDevelopmentStorage=true too: that names Azurite's fixed port, ours is a free one.
      env.AzureWebJobsStorage = azurite.connectionString;
    }

    const sim = await startSimulator({ clientId: env.BITRIX24_CLIENT_ID || undefined, clientSecret: env.BITRIX24_CLIENT_SECRET || undefined });
    cleanups.push(() => sim.close());

    // The host listens before the settings that name its port are written: the handlers read the settings on
    // their first request, and a port taken between a check and the listen would otherwise fail the start.
    const host = await startHostOn(explicitPort(env.PORT), options.log);
    cleanups.push(host.close);
    setDefaults(env, {
      PORT: String(host.port),
      BITRIX24_CLIENT_ID: sim.clientId,
      BITRIX24_CLIENT_SECRET: sim.clientSecret,
      PUBLIC_BASE_URL: `http://127.0.0.1:${host.port}`,
      SESSION_SECRET: randomBytes(24).toString('hex'),
      BITRIX24_OAUTH_URL: sim.oauthUrl,
      BITRIX24_ALLOW_HTTP: 'true',
      BITRIX24_JS_URL: sim.bx24ScriptUrl,
      // A dev key per run: Azurite in memory forgets the sealed tokens with it.
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    const config = loadConfig(env);
    sim.setAppUrl(config.publicBaseUrl);
    return { sim, host, config, ownAzurite, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

function explicitPort(value: string | undefined): number | undefined {
  if (!value?.trim()) return undefined;
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value.trim()) || port < 1 || port > 65535) throw new Error('Invalid configuration: PORT must be a port number');
  return port;
}

/** An explicitly set PORT is used or fails; the default 7071 gives way to a free port when it is taken. */
async function startHostOn(port: number | undefined, log: ((line: string) => void) | undefined): Promise<FunctionsHost> {
  try {
    return await startFunctionsHost({ port: port ?? defaultPort, log });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    if (port !== undefined) throw new Error(`PORT ${port} is already in use; free it or unset PORT to use any free port`);
    return startFunctionsHost({ port: 0, log });
  }
}

function setDefaults(env: NodeJS.ProcessEnv, defaults: Record<string, string>): void {
  for (const [key, value] of Object.entries(defaults)) {
    if (!env[key]?.trim()) env[key] = value;
  }
}
