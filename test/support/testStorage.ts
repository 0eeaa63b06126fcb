import { randomBytes } from 'node:crypto';

/** The run's Azurite, started by globalSetup. Fails loudly when the tests were started without it. */
export function testStorageConnectionString(): string {
  const value = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (!value) throw new Error('TEST_STORAGE_CONNECTION_STRING is not set: run the tests with `npm test` (jest globalSetup starts Azurite)');
  return value;
}

/**
 * A suffix that makes a table name unique to one test, so tests share one Azurite without seeing each other's
 * rows: letters and digits only (table names allow nothing else), 12 characters.
 */
export function uniqueTableSuffix(): string {
  return `t${Date.now().toString(36).slice(-5)}${randomBytes(3).toString('hex')}`;
}
