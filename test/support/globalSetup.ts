import { startAzurite, type Azurite } from '../../local/azurite';
import { warnOnOldNode } from '../../local/warnOnOldNode';

/** Where globalTeardown finds the Azurite this setup started: both run in Jest's parent process. */
export const azuriteHandleKey = Symbol.for('bitrix24-kb.test.azurite');

/**
 * One in-memory Azurite (table service) for the whole run; test workers inherit its connection string through
 * TEST_STORAGE_CONNECTION_STRING. A connection string already set in the environment is used instead.
 */
export default async function globalSetup(): Promise<void> {
  warnOnOldNode();
  if (process.env.TEST_STORAGE_CONNECTION_STRING) return;
  const azurite = await startAzurite({ inMemory: true });
  (globalThis as Record<symbol, Azurite | undefined>)[azuriteHandleKey] = azurite;
  process.env.TEST_STORAGE_CONNECTION_STRING = azurite.connectionString;
  process.env.TEST_AZURITE_PID = String(azurite.pid);
}
