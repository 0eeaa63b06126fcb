import type { TableEntityResult } from '@azure/data-tables';
import { EtagMismatchError, readOrNull, storageCall, type Tables } from './tableStorage';
import { TokenSealError, type TokenCipher } from './tokenCipher';
import { leasedLineage, type TokenLineage } from './tokenLineage';

/** What the app knows about one portal that installed it. */
export interface Installation {
  memberId: string;
  /** host[:port] of the portal, verified through the OAuth server (updated when a move is confirmed) */
  domain: string;
  /**
   * The only place REST calls for this portal go: `https://<domain>/rest/`, or the `client_endpoint` the OAuth
   * server reported (whose host may differ from the domain)
   */
  clientEndpoint: string;
  /** the OAuth server (region) the portal's tokens belong to: one of the configured ones, confirmed at install */
  oauthUrl: string;
  /**
   * A random id of this installation, new whenever the portal installs the app after an uninstall (or for the
   * first time): sessions carry it, so none issued before an uninstall works after it. '' on rows written
   * before it existed.
   */
  installId: string;
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
  /**
   * `active`; `needs_reopen` when its tokens stopped working (revoked, or sealed with a key no longer
   * configured) until an admin opens the app again; `inactive` when the portal says the app is gone
   * (unpaid, portal deleted); `uninstalled` while an uninstall removes the portal's data (no write may land
   * once it is set).
   */
  status: 'active' | 'needs_reopen' | 'inactive' | 'uninstalled';
  /** why the status is not active: a portal error code, `invalid_grant`, `undecryptable` */
  statusReason: string;
  /** ISO timestamps */
  installedAt: string;
  updatedAt: string;
}

/** Who is refreshing the row's tokens right now, so other instances wait for the result instead. */
export interface Lease {
  owner: string;
  /** unix milliseconds */
  until: number;
}

export interface StoredInstallation {
  installation: Installation;
  etag: string;
  lease?: Lease;
}

export interface InstallationStore {
  /** `fresh`: read the row itself even where a short-lived cached copy exists (security decisions, writes). */
  get(memberId: string, options?: { fresh?: boolean }): Promise<StoredInstallation | null>;
  /**
   * Writes the installation. With an etag the write happens only if the row is unchanged since it was read
   * (else EtagMismatchError), so older tokens never replace newer ones; without one it creates or replaces.
   * Any lease on the row ends with the write.
   */
  save(installation: Installation, etag?: string): Promise<StoredInstallation>;
  /**
   * Marks the installation (e.g. needs_reopen after a revoked refresh token) without touching its tokens;
   * returns the row's new ETag ('' when there is no row).
   */
  markStatus(memberId: string, status: Installation['status'], reason: string): Promise<string>;
  /** Records that the sidebar item is bound (idempotent, so no ETag: it touches nothing else). */
  markBound(memberId: string): Promise<void>;
  /**
   * Records where the portal is now (a confirmed move, or the OAuth server's client_endpoint), if the row is
   * unchanged since `etag` (else EtagMismatchError); touches nothing else, a refresh lease included.
   */
  setAddress(memberId: string, address: { domain: string; clientEndpoint: string }, etag: string): Promise<void>;
  /** The installation's token lineage, for withStoredTokens. */
  lineage(memberId: string): TokenLineage;
  /** Deletes the row; with an ETag only if it is unchanged since then (a newer row stays). */
  delete(memberId: string, etag?: string): Promise<void>;
}

const rowKey = 'installation';
const sealedFields = ['accessToken', 'refreshToken', 'applicationToken'] as const;

type InstallationEntity = Installation & { leaseOwner?: string; leaseUntil?: number };

export function createInstallationStore(tables: Tables, cipher: TokenCipher, tableName = 'installations'): InstallationStore {
  const context = (memberId: string, field: string) => `installation|${memberId}|${field}`;
  const toEntity = (installation: Installation, lease?: Lease) => {
    const entity: Record<string, unknown> = { partitionKey: installation.memberId, rowKey, ...installation, leaseOwner: lease?.owner ?? '', leaseUntil: lease?.until ?? 0 };
    for (const field of sealedFields) entity[field] = cipher.seal(installation[field], context(installation.memberId, field));
    return entity as { partitionKey: string; rowKey: string };
  };
  const fromEntity = (entity: TableEntityResult<InstallationEntity>): StoredInstallation => {
    const installation: Installation = {
      memberId: entity.memberId,
      domain: entity.domain,
      clientEndpoint: entity.clientEndpoint,
      oauthUrl: entity.oauthUrl,
      installId: entity.installId ?? '',
      accessToken: '',
      refreshToken: '',
      expiresAt: Number(entity.expiresAt),
      scope: entity.scope ?? '',
      userId: String(entity.userId ?? ''),
      applicationToken: '',
      appStatus: entity.appStatus ?? '',
      placementBound: entity.placementBound === true,
      status: entity.status ?? 'active',
      statusReason: entity.statusReason ?? '',
      installedAt: entity.installedAt,
      updatedAt: entity.updatedAt,
    };
    try {
      for (const field of sealedFields) installation[field] = cipher.open(String(entity[field] ?? ''), context(installation.memberId, field));
    } catch (error) {
      if (!(error instanceof TokenSealError)) throw error;
      // Not a crash: the installation needs an admin to open the app again, which brings fresh tokens.
      Object.assign(installation, { accessToken: '', refreshToken: '', applicationToken: '', status: 'needs_reopen', statusReason: 'undecryptable' });
    }
    const lease = entity.leaseOwner ? { owner: entity.leaseOwner, until: Number(entity.leaseUntil ?? 0) } : undefined;
    return { installation, etag: entity.etag, lease };
  };

  return {
    async get(memberId) {
      const client = await tables.table(tableName);
      const entity = await readOrNull('read installation', () => client.getEntity<InstallationEntity>(memberId, rowKey));
      return entity ? fromEntity(entity) : null;
    },

    async save(installation, etag) {
      const client = await tables.table(tableName);
      const entity = toEntity(installation);
      const written = await storageCall('write installation', () =>
        etag ? client.updateEntity(entity, 'Replace', { etag }) : client.upsertEntity(entity, 'Replace'),
      );
      return { installation, etag: written.etag ?? '' };
    },

    async markStatus(memberId, status, reason) {
      const client = await tables.table(tableName);
      const written = await readOrNull('mark installation', () =>
        client.updateEntity({ partitionKey: memberId, rowKey, status, statusReason: reason, updatedAt: new Date().toISOString() }, 'Merge'),
      );
      return written?.etag ?? '';
    },

    async setAddress(memberId, address, etag) {
      const client = await tables.table(tableName);
      await storageCall('record installation address', () =>
        client.updateEntity({ partitionKey: memberId, rowKey, ...address, updatedAt: new Date().toISOString() }, 'Merge', { etag }),
      );
    },

    async markBound(memberId) {
      const client = await tables.table(tableName);
      await readOrNull('mark installation bound', () =>
        client.updateEntity({ partitionKey: memberId, rowKey, placementBound: true }, 'Merge'),
      );
    },

    lineage(memberId) {
      return leasedLineage({
        name: 'installation',
        tables,
        tableName,
        partitionKey: memberId,
        rowKey,
        cipher,
        context: (field) => context(memberId, field),
        // Fresh tokens make a revoked or undecryptable installation usable again.
        onSave: { status: 'active', statusReason: '' },
        onRevoked: { status: 'needs_reopen', statusReason: 'invalid_grant' },
      });
    },

    async delete(memberId, etag) {
      const client = await tables.table(tableName);
      try {
        await readOrNull('delete installation', () => client.deleteEntity(memberId, rowKey, etag ? { etag } : undefined));
      } catch (error) {
        if (!(error instanceof EtagMismatchError)) throw error;
      }
    },
  };
}
