import type { ManagedIdentityCredential } from '@azure/identity';
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { StorageAccess } from '../config';
import { AppError } from '../errors';
import { recreateMissingTable } from './recreateMissingTable';

/**
 * Table Storage access shared by the stores: one client per table, the table created on first use, and the
 * SDK's errors turned into what the stores mean (absent, changed meanwhile, storage unavailable).
 */
export class EtagMismatchError extends Error {
  constructor(what: string, options?: { cause?: unknown }) {
    super(`${what} changed meanwhile`, options);
    this.name = 'EtagMismatchError';
  }
}

export interface Tables {
  table(name: string): Promise<TableClient>;
}

const retryOptions = { maxRetries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 400 };
const clientOptions: TableServiceClientOptions = {
  allowInsecureConnection: true, // Azurite speaks http; real accounts use https from the connection string
  retryOptions,
};

export function createTables(access: StorageAccess): Tables {
  const ready = new Map<string, Promise<TableClient>>();
  const newClient = clientFactory(access);
  return {
    table(name) {
      let client = ready.get(name);
      if (!client) {
        const created = newClient(name);
        // Closest to the wire: it must see a 404 before the SDK turns it into an error.
        created.pipeline.addPolicy(recreateMissingTable(() => created.createTable()), { afterPhase: 'Deserialize' });
        client = storageCall(`create table ${name}`, () => created.createTable()).then(() => created);
        // A failed creation (storage down) is retried by the next request instead of being remembered.
        client.catch(() => ready.delete(name));
        ready.set(name, client);
      }
      return client;
    },
  };
}

/** One credential for all tables, so its token (cached until shortly before it expires) is shared. */
function clientFactory(access: StorageAccess): (table: string) => TableClient {
  if (access.kind === 'connectionString') return (table) => TableClient.fromConnectionString(access.connectionString, table, clientOptions);
  const credential = managedIdentityCredential(access.clientId);
  // Bearer tokens travel over https only (the SDK refuses anything else).
  return (table) => new TableClient(access.tableServiceUrl, table, credential, { retryOptions });
}

/**
 * The Functions platform's identity endpoint (IDENTITY_ENDPOINT / IDENTITY_HEADER, read by the library) hands
 * out the tokens. Loaded only on this path: local runs and tests on connection strings don't pay for it.
 */
function managedIdentityCredential(clientId: string | undefined): ManagedIdentityCredential {
  const { ManagedIdentityCredential } = require('@azure/identity') as typeof import('@azure/identity');
  return new ManagedIdentityCredential(clientId ? { clientId } : {});
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * How long one storage operation may take: a storage account that stopped answering must turn into a 503
 * page, not a request that hangs until the platform kills it.
 */
export const storageTimeoutMs = 4000;

export class StorageTimeoutError extends Error {
  constructor(what: string) {
    super(`${what} did not answer in time`);
    this.name = 'StorageTimeoutError';
  }
}

function withTimeout<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StorageTimeoutError(what)), storageTimeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs a storage operation; 404 becomes `null`, 412 an EtagMismatchError, anything else unavailable. */
export async function storageCall<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await withTimeout(what, run());
  } catch (error) {
    const status = statusOf(error);
    if (status === 412) throw new EtagMismatchError(what, { cause: error });
    throw new AppError('storage_unavailable', `storage: ${what} failed${status ? ` (${status})` : ''}`, { cause: error });
  }
}

export async function readOrNull<T>(what: string, run: () => Promise<T>): Promise<T | null> {
  try {
    return await storageCall(what, run);
  } catch (error) {
    if (isNotFound((error as Error).cause)) return null;
    throw error;
  }
}

export function isConflict(error: unknown): boolean {
  return statusOf(error) === 409;
}

export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}
