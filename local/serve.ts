/**
 * `npm run serve`: only the local functions host, configured like `func start` (environment first, then
 * local.settings.json Values, or those of the file LOCAL_SETTINGS_FILE names). Storage, OAuth server and portal
 * are whatever the settings name.
 */
import { loadConfig } from '../shared/config';
import { startFunctionsHost } from './functionsHost';
import { withLocalSettings } from './localSettings';
import { onShutdownSignal } from './onShutdownSignal';
import { describeFunctions } from './describeFunctions';

async function main(): Promise<void> {
  Object.assign(process.env, withLocalSettings(process.env));
  // Prints the message only: it names every bad key and never a value.
  const config = loadConfig(process.env);
  const host = await startFunctionsHost({ port: config.port });
  onShutdownSignal(() => host.close());
  console.log(`Functions host listening on ${host.url}\n\nFunctions:\n\n${describeFunctions(host.functions).join('\n')}\n`);
}

main().catch((error: unknown) => {
  console.error((error as Error)?.message ?? String(error));
  process.exit(1);
});
