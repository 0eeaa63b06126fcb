/**
 * `npm start`: everything a newcomer needs with only Node installed: Azurite's table service in memory, the
 * portal simulator, and the functions host, wired together through the same settings Azure reads. A setting
 * already in the environment always wins (e.g. a real AzureWebJobsStorage account, a tunnel's PUBLIC_BASE_URL);
 * local.settings.json is deliberately not read: its values point at a real portal, not at the simulator.
 */
import './quietTestModeWarnings';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../shared/config';
import { startAzurite } from './azurite';
import { isPortFree, freePort } from './freePort';
import { startFunctionsHost } from './functionsHost';
import { onShutdownSignal } from './onShutdownSignal';
import { describeFunctions } from './describeFunctions';
import { startSimulator } from './simulator';

const defaultPort = 7071;
const developmentStorage = 'UseDevelopmentStorage=true';

type Cleanup = () => Promise<void>;

async function main(cleanups: Cleanup[]): Promise<void> {
  const env = process.env;

  const storage = env.AzureWebJobsStorage?.trim();
  const useAzurite = !storage || storage === developmentStorage;
  if (useAzurite) {
    const azurite = await startAzurite({ inMemory: true });
    cleanups.push(azurite.stop);
    // Replaces UseDevelopmentStorage=true too: that names Azurite's fixed port, ours is a free one.
    env.AzureWebJobsStorage = azurite.connectionString;
  }

  const sim = await startSimulator({ clientId: env.BITRIX24_CLIENT_ID || undefined, clientSecret: env.BITRIX24_CLIENT_SECRET || undefined });
  cleanups.push(() => sim.close());

  const port = await choosePort(env.PORT);
  setDefaults(env, {
    PORT: String(port),
    BITRIX24_CLIENT_ID: sim.clientId,
    BITRIX24_CLIENT_SECRET: sim.clientSecret,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    SESSION_SECRET: randomBytes(24).toString('hex'),
    BITRIX24_OAUTH_URL: sim.oauthUrl,
    BITRIX24_ALLOW_HTTP: 'true',
    BITRIX24_JS_URL: sim.bx24ScriptUrl,
  });
  const config = loadConfig(env);

  const host = await startFunctionsHost({ port: config.port });
  cleanups.push(host.close);
  sim.setAppUrl(config.publicBaseUrl);

  const portalUrl = sim.portalUrl.replace(/\/?$/, '/');
  console.log(
    [
      '',
      `  Open ${portalUrl} and click Install.`,
      '',
      `  Portal simulator: ${portalUrl}`,
      `  Functions host:   ${host.url}${config.publicBaseUrl === host.url ? '' : ` (public URL ${config.publicBaseUrl})`}`,
      ...describeFunctions(host.functions).map((line) => `  ${line}`),
      `  Storage:          ${useAzurite ? 'Azurite, in memory (emptied when you stop)' : 'the account in AzureWebJobsStorage'}`,
      '',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

/** An explicitly set PORT is used or fails; the default 7071 gives way to a free port when it is taken. */
async function choosePort(explicit: string | undefined): Promise<number> {
  if (explicit?.trim()) {
    const port = Number(explicit);
    if (!/^\d{1,5}$/.test(explicit.trim()) || port < 1 || port > 65535) throw new Error('Invalid configuration: PORT must be a port number');
    if (!(await isPortFree(port))) {
      throw new Error(`PORT ${port} is already in use; free it or unset PORT to use any free port`);
    }
    return port;
  }
  return (await isPortFree(defaultPort)) ? defaultPort : freePort();
}

function setDefaults(env: NodeJS.ProcessEnv, defaults: Record<string, string>): void {
  for (const [key, value] of Object.entries(defaults)) {
    if (!env[key]?.trim()) env[key] = value;
  }
}

async function stopAll(cleanups: Cleanup[]): Promise<void> {
  const failures: unknown[] = [];
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup().catch((error: unknown) => failures.push(error));
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} part(s) did not stop cleanly`);
}

const cleanups: Cleanup[] = [];
onShutdownSignal(() => stopAll(cleanups));
main(cleanups).catch(async (error: unknown) => {
  console.error((error as Error)?.message ?? String(error));
  await stopAll(cleanups).catch(() => undefined);
  process.exit(1);
});
