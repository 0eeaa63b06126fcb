import type { TableEntityResult } from '@azure/data-tables';
import { AppError } from '../errors';
import { oauthServerUrl } from '../bitrix24/oauthServers';
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
   * (unpaid, portal deleted); `uninstalled` from an uninstall until its data is removed: no write may land
   * once it is set, and only a new installation replaces it (statusReason: uninstallReasons).
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
   * Marks the installation (e.g. needs_reopen after a revoked refresh token) without touching its tokens,
   * ETag-guarded. `uninstalled` is final: a row marked so takes no other status (nor fresh tokens), only a
   * new installation replaces it. `onlyFrom`: change the status only from these. Returns what was marked, or
   * null when nothing was (no row, uninstalled, or not in `onlyFrom`).
   */
  markStatus(memberId: string, status: Installation['status'], reason: string, onlyFrom?: Installation['status'][]): Promise<MarkedInstallation | null>;
  /** Records that the sidebar item is bound (idempotent, so no ETag: it touches nothing else). */
  markBound(memberId: string): Promise<void>;
  /**
   * Records where the portal is now (a confirmed move, or the OAuth server's client_endpoint), if the row is
   * unchanged since `etag` (else EtagMismatchError); touches nothing else, a refresh lease included.
   */
  setAddress(memberId: string, address: { domain: string; clientEndpoint: string }, etag: string): Promise<void>;
  /** The installation's token lineage, for withStoredTokens. */
  lineage(memberId: string): TokenLineage;
  /**
   * Deletes the row; with an installation id only while the row still belongs to that installation (a
   * reinstall that came meanwhile stays), whatever else changed on it.
   */
  delete(memberId: string, installId?: string): Promise<void>;
}

/** The installation a status was written to. */
export interface MarkedInstallation {
  etag: string;
  installId: string;
}

/** Why an installation is `uninstalled`: the admin kept the app's data, or chose to delete it (data[CLEAN]=1). */
export const uninstallReasons = { keepData: 'uninstall', deleteData: 'uninstall_delete_data' } as const;

const rowKey = 'installation';
/** Conditional writes that meet another write read the row again, this often. */
const writeAttempts = 5;
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
      // Rows from earlier versions may spell the server differently (no trailing slash, capitals).
      oauthUrl: oauthServerUrl(entity.oauthUrl ?? ''),
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

    async markStatus(memberId, status, reason, onlyFrom) {
      const client = await tables.table(tableName);
      for (let attempt = 0; attempt < writeAttempts; attempt++) {
        const row = await readOrNull('read installation', () => client.getEntity<InstallationEntity>(memberId, rowKey));
        const current = row?.status ?? 'active';
        if (!row || (current === 'uninstalled' && status !== 'uninstalled') || (onlyFrom && !onlyFrom.includes(current))) return null;
        try {
          const written = await readOrNull('mark installation', () =>
            client.updateEntity({ partitionKey: memberId, rowKey, status, statusReason: reason, updatedAt: new Date().toISOString() }, 'Merge', { etag: row.etag }),
          );
          return written && { etag: written.etag ?? '', installId: row.installId ?? '' };
        } catch (error) {
          if (!(error instanceof EtagMismatchError)) throw error;
        }
      }
      throw new AppError('storage_unavailable', 'storage: the installation kept changing while marking it');
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
        // Fresh tokens make a revoked or undecryptable installation usable again, never an uninstalled one.
        onSave: { status: 'active', statusReason: '' },
        onRevoked: { status: 'needs_reopen', statusReason: 'invalid_grant' },
        closed: (entity) => entity.status === 'uninstalled',
      });
    },

    async delete(memberId, installId) {
      const client = await tables.table(tableName);
      if (installId === undefined) {
        await readOrNull('delete installation', () => client.deleteEntity(memberId, rowKey));
        return;
      }
      for (let attempt = 0; attempt < writeAttempts; attempt++) {
        const row = await readOrNull('read installation', () => client.getEntity<InstallationEntity>(memberId, rowKey));
        if (!row || (row.installId ?? '') !== installId) return;
        try {
          await readOrNull('delete installation', () => client.deleteEntity(memberId, rowKey, { etag: row.etag }));
          return;
        } catch (error) {
          // Changed meanwhile (a lease, a status): still the same installation? Read again.
          if (!(error instanceof EtagMismatchError)) throw error;
        }
      }
      throw new AppError('storage_unavailable', 'storage: the installation kept changing while deleting it');
    },
  };
}
