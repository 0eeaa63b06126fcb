import type { TableEntityResult } from '@azure/data-tables';
import { EtagMismatchError, readOrNull, storageCall, type Tables } from './tableStorage';

/** What the app knows about one portal that installed it. */
export interface Installation {
  memberId: string;
  /** host[:port], verified through the OAuth server at install time */
  domain: string;
  /** `https://<domain>/rest/`: the only place REST calls for this portal go */
  clientEndpoint: string;
  /** the OAuth server the tokens belong to (from configuration at install time, never from a request) */
  oauthUrl: string;
  /** the installing admin's tokens */
  accessToken: string;
  refreshToken: string;
  /** unix seconds */
  expiresAt: number;
  scope: string;
  /** the installing admin's user id */
  userId: string;
  /** proof that an event came from Bitrix24 (ONAPPINSTALL delivers it); empty until known */
  applicationToken: string;
  /** Bitrix24 license status letter (L, F, D, T, P, S): informational */
  appStatus: string;
  placementBound: boolean;
  /** ISO timestamps */
  installedAt: string;
  updatedAt: string;
}

export interface StoredInstallation {
  installation: Installation;
  etag: string;
}

export interface InstallationStore {
  get(memberId: string): Promise<StoredInstallation | null>;
  /**
   * Writes the installation. With an etag the write happens only if the row is unchanged since it was read
   * (else EtagMismatchError), so older tokens never replace newer ones; without one it creates or replaces.
   */
  save(installation: Installation, etag?: string): Promise<StoredInstallation>;
  delete(memberId: string): Promise<void>;
}

const rowKey = 'installation';

export function createInstallationStore(tables: Tables, tableName = 'installations'): InstallationStore {
  return {
    async get(memberId) {
      const client = await tables.table(tableName);
      const entity = await readOrNull('read installation', () => client.getEntity<Installation>(memberId, rowKey));
      return entity ? { installation: fromEntity(entity), etag: entity.etag } : null;
    },

    async save(installation, etag) {
      const client = await tables.table(tableName);
      const entity = { partitionKey: installation.memberId, rowKey, ...installation };
      const written = await storageCall('write installation', () =>
        etag ? client.updateEntity(entity, 'Replace', { etag }) : client.upsertEntity(entity, 'Replace'),
      );
      if (!written.etag) throw new EtagMismatchError('installation');
      return { installation, etag: written.etag };
    },

    async delete(memberId) {
      const client = await tables.table(tableName);
      await readOrNull('delete installation', () => client.deleteEntity(memberId, rowKey));
    },
  };
}

function fromEntity(entity: TableEntityResult<Installation>): Installation {
  return {
    memberId: entity.memberId,
    domain: entity.domain,
    clientEndpoint: entity.clientEndpoint,
    oauthUrl: entity.oauthUrl,
    accessToken: entity.accessToken,
    refreshToken: entity.refreshToken,
    expiresAt: Number(entity.expiresAt),
    scope: entity.scope ?? '',
    userId: String(entity.userId ?? ''),
    applicationToken: entity.applicationToken ?? '',
    appStatus: entity.appStatus ?? '',
    placementBound: entity.placementBound === true,
    installedAt: entity.installedAt,
    updatedAt: entity.updatedAt,
  };
}
