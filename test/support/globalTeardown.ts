import { stopAzuriteProcess, type Azurite } from '../../local/azurite';
import { azuriteHandleKey } from './globalSetup';

/** Stops the Azurite globalSetup started (and only that one: a connection string from outside is left alone). */
export default async function globalTeardown(): Promise<void> {
  const pid = process.env.TEST_AZURITE_PID;
  if (!pid) return;
  const slot = globalThis as Record<symbol, Azurite | undefined>;
  const azurite = slot[azuriteHandleKey];
  slot[azuriteHandleKey] = undefined;
  // Without the handle (setup and teardown loaded in separate module registries) the pid is enough.
  await (azurite ? azurite.stop() : stopAzuriteProcess(Number(pid)));
  // So that the next run in `jest --watch` starts a fresh Azurite instead of reusing this dead one.
  delete process.env.TEST_STORAGE_CONNECTION_STRING;
  delete process.env.TEST_AZURITE_PID;
}
