import { randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import type { Tokens } from '../bitrix24/oauthClient';
import { RestError } from '../bitrix24/restClient';
import { restEndpointOf } from '../bitrix24/portalEndpoint';
import type { Runtime } from '../runtime';
import { recordEndpoint } from './portalCalls';
import type { PortalRef } from './portalMoves';
import { EtagMismatchError, readOrNull, storageCall, type Tables } from './tableStorage';
import { TokenSealError, type TokenCipher } from './tokenCipher';

/** Who is refreshing a row's tokens right now, so other instances wait for the result instead. */
export interface Lease {
  owner: string;
  /** unix milliseconds */
  until: number;
}

export interface LineageRow {
  tokens: Tokens;
  etag: string;
  lease?: Lease;
}

/** What a row holds without its tokens: enough to decide whether a new pair may replace it. */
export interface LineageVersion {
  etag: string;
  /** the stored pair's expiry (unix seconds); 0 when the pair can't be opened (sealed with a lost key) */
  expiresAt: number;
  lease?: Lease;
}

/**
 * One stored token pair (an installation's, or a user's). Bitrix24 refresh tokens are single-use, so the
 * stored pair is the head of a lineage: only the holder of the row's lease refreshes it, and the rotated pair
 * replaces the old one with an ETag-guarded write.
 */
export interface TokenLineage {
  /** Names the lineage in errors and logs (never a token). */
  name: string;
  load(): Promise<LineageRow | null>;
  /** The row's version, including a row whose tokens can't be opened (null: no row). */
  version(): Promise<LineageVersion | null>;
  /** Takes the lease if the row is unchanged since `etag`; returns the new etag (else EtagMismatchError). */
  takeLease(etag: string, lease: Lease): Promise<string>;
  /** Writes fresh tokens and ends the lease, if the row is unchanged since `etag`. */
  save(tokens: Tokens, etag: string): Promise<string>;
  /** Ends the lease without new tokens (the refresh failed), if the row is unchanged since `etag`. */
  release(etag: string): Promise<void>;
  /** The refresh token was refused for good (revoked app): remember that, delete nothing. */
  revoked(): Promise<void>;
}

export interface RefreshTiming {
  /** how long a lease holder may take before others may take over (longer than a token call's timeout) */
  leaseMs: number;
  /** how long a caller waits for someone else's refresh before giving up */
  waitMs: number;
  pollMs: number;
}

export const defaultRefreshTiming: RefreshTiming = { leaseMs: 15_000, waitMs: 20_000, pollMs: 60 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The portal a lineage's tokens belong to: refreshes go to its OAuth server and must answer for its member id. */
export type TokenOwner = PortalRef & { clientEndpoint?: string };

/**
 * The one way to act with stored tokens: refresh when they have expired (by the stored expiry, or when the
 * portal says `expired_token`), and retry once. Across any number of instances one refresh request per
 * expired token reaches the OAuth server (the portal's own one): the others wait for the lease holder's
 * result and use it. `loaded`: the lineage's row, when the caller already started reading it.
 */
export async function withStoredTokens<T>(
  runtime: Runtime,
  lineage: TokenLineage,
  portal: TokenOwner,
  run: (accessToken: string) => Promise<T>,
  loaded?: Promise<LineageRow | null>,
): Promise<T> {
  let current = await (loaded ?? lineage.load());
  if (!current || !current.tokens.refreshToken) throw new AppError('invalid_auth', `${lineage.name}: no stored tokens`);
  if (current.tokens.expiresAt <= runtime.now()) current = await refreshLineage(runtime, lineage, portal, current.tokens.refreshToken);
  try {
    return await run(current.tokens.accessToken);
  } catch (error) {
    if (!(error instanceof RestError) || error.code !== 'expired_token') throw error;
    current = await refreshLineage(runtime, lineage, portal, current.tokens.refreshToken);
    return run(current.tokens.accessToken);
  }
}

/**
 * Replaces the stale pair whose refresh token is `stale`: returns the newer pair, whether this call or
 * another instance obtained it.
 */
export async function refreshLineage(runtime: Runtime, lineage: TokenLineage, portal: TokenOwner, stale: string): Promise<LineageRow> {
  const timing = runtime.refreshTiming ?? defaultRefreshTiming;
  const owner = randomUUID();
  const giveUpAt = Date.now() + timing.waitMs;
  for (;;) {
    const row = await lineage.load();
    if (!row || !row.tokens.refreshToken) throw new AppError('invalid_auth', `${lineage.name}: tokens removed while refreshing`);
    if (row.tokens.refreshToken !== stale) return row; // someone else refreshed already
    if (row.lease && row.lease.until > Date.now()) {
      if (Date.now() > giveUpAt) throw new AppError('portal_unavailable', `${lineage.name}: another refresh did not finish in time`);
      await sleep(timing.pollMs / 2 + Math.random() * timing.pollMs);
      continue;
    }
    let leased: string;
    try {
      leased = await lineage.takeLease(row.etag, { owner, until: Date.now() + timing.leaseMs });
    } catch (error) {
      if (error instanceof EtagMismatchError) continue; // someone else took it first
      throw error;
    }
    return refreshHoldingLease(runtime, lineage, portal, stale, leased);
  }
}

async function refreshHoldingLease(runtime: Runtime, lineage: TokenLineage, portal: TokenOwner, stale: string, leased: string): Promise<LineageRow> {
  let fresh: Tokens;
  let reported: string | null;
  try {
    const answer = await runtime.oauth.refresh(portal.oauthUrl, stale, runtime.now(), portal.memberId);
    fresh = { accessToken: answer.accessToken, refreshToken: answer.refreshToken, expiresAt: answer.expiresAt };
    reported = restEndpointOf(answer.clientEndpoint, runtime.config.allowHttp);
  } catch (error) {
    // Stored tokens stay untouched; the lease ends so the next request can try again.
    await lineage.release(leased).catch(() => undefined);
    if (error instanceof RestError && error.code === 'invalid_grant') {
      const latest = await lineage.load();
      if (latest && latest.tokens.refreshToken !== stale) return latest; // lost a race after all
      await lineage.revoked();
      throw new AppError('needs_reopen', `${lineage.name}: refresh token refused (invalid_grant)`, { cause: error });
    }
    throw error;
  }
  const row = await saveFresh(lineage, fresh, stale, leased);
  // The OAuth server says where the portal's REST API is: a trusted answer, so later calls go there.
  if (reported && reported !== portal.clientEndpoint) await recordEndpoint(runtime, portal.memberId, { clientEndpoint: reported }).catch(() => undefined);
  return row;
}

async function saveFresh(lineage: TokenLineage, fresh: Tokens, stale: string, leased: string): Promise<LineageRow> {
  try {
    return { tokens: fresh, etag: await lineage.save(fresh, leased) };
  } catch (error) {
    if (!(error instanceof EtagMismatchError)) throw error;
    // Our lease ran out and someone else wrote meanwhile. Ours came from the refresh token that was stored,
    // so it is the newest head unless the row already moved on to another pair.
    const latest = await lineage.load();
    if (latest && latest.tokens.refreshToken !== stale) return latest;
    if (!latest) throw new AppError('invalid_auth', `${lineage.name}: tokens removed while refreshing`);
    return { tokens: fresh, etag: await lineage.save(fresh, latest.etag) };
  }
}

/** A lineage kept in one Table Storage row, tokens sealed, with lease columns beside them. */
export function leasedLineage(options: {
  name: string;
  tables: Tables;
  tableName: string;
  partitionKey: string;
  rowKey: string;
  cipher: TokenCipher;
  context: (field: 'accessToken' | 'refreshToken') => string;
  /** extra columns written with fresh tokens */
  onSave?: Record<string, string>;
  /** what a refused refresh token changes (e.g. the installation's status) */
  onRevoked?: Record<string, string>;
  /** a row in this state takes no tokens and no status any more (an uninstalled installation): it has none */
  closed?: (entity: Record<string, unknown>) => boolean;
}): TokenLineage {
  const key = { partitionKey: options.partitionKey, rowKey: options.rowKey };
  const table = () => options.tables.table(options.tableName);
  const merge = async (what: string, columns: Record<string, unknown>, etag?: string) => {
    const client = await table();
    const written = await storageCall(`${options.name}: ${what}`, () => client.updateEntity({ ...key, ...columns }, 'Merge', etag ? { etag } : undefined));
    return written.etag ?? '';
  };
  const read = async () => {
    const client = await table();
    const entity = await readOrNull(`${options.name}: read`, () => client.getEntity<Record<string, unknown>>(key.partitionKey, key.rowKey));
    return entity && !options.closed?.(entity) ? entity : null;
  };
  /** The row's tokens, or null when they were sealed with a key this instance doesn't have: unreadable tokens are no tokens. */
  const open = (entity: Record<string, unknown>): Tokens | null => {
    try {
      return {
        accessToken: options.cipher.open(String(entity.accessToken ?? ''), options.context('accessToken')),
        refreshToken: options.cipher.open(String(entity.refreshToken ?? ''), options.context('refreshToken')),
        expiresAt: Number(entity.expiresAt ?? 0),
      };
    } catch (error) {
      if (error instanceof TokenSealError) return null;
      throw error;
    }
  };
  const leaseOf = (entity: Record<string, unknown>): Lease | undefined =>
    entity.leaseOwner ? { owner: String(entity.leaseOwner), until: Number(entity.leaseUntil ?? 0) } : undefined;
  return {
    name: options.name,
    async load() {
      const entity = await read();
      if (!entity) return null;
      const tokens = open(entity);
      return tokens && { tokens, etag: entity.etag, lease: leaseOf(entity) };
    },
    async version() {
      const entity = await read();
      if (!entity) return null;
      return { etag: entity.etag, expiresAt: open(entity)?.expiresAt ?? 0, lease: leaseOf(entity) };
    },
    takeLease: (etag, lease) => merge('lease', { leaseOwner: lease.owner, leaseUntil: lease.until }, etag),
    save: (tokens, etag) =>
      merge(
        'save refreshed tokens',
        {
          accessToken: options.cipher.seal(tokens.accessToken, options.context('accessToken')),
          refreshToken: options.cipher.seal(tokens.refreshToken, options.context('refreshToken')),
          expiresAt: tokens.expiresAt,
          leaseOwner: '',
          leaseUntil: 0,
          updatedAt: new Date().toISOString(),
          ...options.onSave,
        },
        etag,
      ),
    async release(etag) {
      await merge('release lease', { leaseOwner: '', leaseUntil: 0 }, etag);
    },
    async revoked() {
      const onRevoked = options.onRevoked;
      if (!onRevoked) return;
      // Best effort, and only on the row as it is now (a closed row stays closed).
      await read()
        .then((entity) => entity && merge('mark revoked', onRevoked, entity.etag))
        .catch(() => undefined);
    },
  };
}
