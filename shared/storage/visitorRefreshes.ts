import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import type { TokenAnswer, Tokens } from '../bitrix24/oauthClient';
import { RestError } from '../bitrix24/restClient';
import { readRows } from './partitionRows';
import { isConflict, readOrNull, storageCall, type Tables } from './tableStorage';
import type { TokenCipher } from './tokenCipher';
import { defaultRefreshTiming, type RefreshTiming } from './tokenLineage';

/**
 * Sidebar opens whose AUTH_ID has expired bring the frame's REFRESH_ID, which is single-use; several opens of
 * one frame (a reload, a double click, other tabs) may arrive at once on different instances. The first one
 * takes a row named after the refresh token, refreshes once, and keeps the new access token there sealed for
 * a short while; the others wait for it and use it. Only the first gets the new refresh token (and keeps it
 * as the user's); the row holds no refresh token at all.
 */
export interface VisitorRefreshes {
  refreshOnce(memberId: string, refreshToken: string, refresh: () => Promise<TokenAnswer>): Promise<VisitorTokens>;
}

export interface VisitorTokens extends Tokens {
  /** the whole answer, for the one open that refreshed; others get the access token only */
  answer?: TokenAnswer;
}

/** How long the new access token stays available to the other opens of the same frame. */
export const sharedRefreshKeepMs = 60_000;

/**
 * Refreshes of one portal that are under way or were refused within the last minute: beyond this many, a
 * new REFRESH_ID is refused without asking the OAuth server (a member sending made-up ones gets no more calls
 * and rows out of it; the frame's user reopens the sidebar, which brings a valid token).
 */
export const maxUnsettledPerPortal = 20;

/** Rows of a portal one sweep reads (one page of Table Storage). */
const sweepRows = 1000;

interface RefreshRow {
  etag: string;
  leaseOwner: string;
  leaseUntil: number;
  accessToken: string;
  expiresAt: number;
  keepUntil: number;
  failure: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A row at `now`: a refresh under way (`leased`), its result within the window (`kept`, or `refused` when the
 * OAuth server refused the token), or nothing of use any more (`expired`: the window is over, or the lease
 * was abandoned).
 */
function stateOf(row: Pick<RefreshRow, 'leaseUntil' | 'keepUntil' | 'failure'>, now: number): 'leased' | 'kept' | 'refused' | 'expired' {
  if (row.keepUntil > now) return row.failure ? 'refused' : 'kept';
  return row.leaseUntil > now ? 'leased' : 'expired';
}

export function createVisitorRefreshes(
  tables: Tables,
  cipher: TokenCipher,
  tableName: string,
  options: { timing?: () => RefreshTiming | undefined; nowMs?: () => number } = {},
): VisitorRefreshes {
  const nowMs = options.nowMs ?? Date.now;
  const table = () => tables.table(tableName);
  const rowKeyOf = (refreshToken: string) => `open_${createHash('sha256').update(refreshToken).digest('base64url')}`;
  const context = (memberId: string, rowKey: string) => `open|${memberId}|${rowKey}|accessToken`;

  async function read(memberId: string, rowKey: string): Promise<RefreshRow | null> {
    const client = await table();
    const entity = await readOrNull('read shared refresh', () => client.getEntity<Record<string, unknown>>(memberId, rowKey));
    if (!entity) return null;
    return {
      etag: entity.etag,
      leaseOwner: String(entity.leaseOwner ?? ''),
      leaseUntil: Number(entity.leaseUntil ?? 0),
      accessToken: String(entity.accessToken ?? ''),
      expiresAt: Number(entity.expiresAt ?? 0),
      keepUntil: Number(entity.keepUntil ?? 0),
      failure: String(entity.failure ?? ''),
    };
  }

  /** Takes the row for this caller by creating it; null: someone else was first. */
  async function take(memberId: string, rowKey: string, owner: string, leaseMs: number): Promise<string | null> {
    const client = await table();
    const entity = { partitionKey: memberId, rowKey, leaseOwner: owner, leaseUntil: nowMs() + leaseMs, accessToken: '', expiresAt: 0, keepUntil: 0, failure: '' };
    try {
      const written = await storageCall('take shared refresh', () => client.createEntity(entity));
      return written.etag ?? '';
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      if (isConflict(cause)) return null;
      throw error;
    }
  }

  /** Deletes a row if it is unchanged since `etag` (best effort: another open may have taken it meanwhile). */
  async function remove(memberId: string, rowKey: string, etag: string): Promise<void> {
    const client = await table();
    await client.deleteEntity(memberId, rowKey, { etag }).catch(() => undefined);
  }

  /**
   * With a new refresh of a portal: deletes its rows whose window is over (whatever left them: a recycled
   * instance never ran its timer) and counts those under way or refused, which bound what one portal's
   * frames can make the OAuth server and storage do.
   */
  async function sweep(memberId: string): Promise<{ unsettled: number }> {
    const client = await table();
    const partition = memberId.replace(/'/g, "''");
    const rows = await readRows(client, 'read shared refreshes', `PartitionKey eq '${partition}' and RowKey ge 'open_' and RowKey lt 'open\u0060'`, {
      limit: sweepRows,
      select: ['RowKey', 'leaseUntil', 'keepUntil', 'failure'],
    });
    const now = nowMs();
    let unsettled = 0;
    const expired: Promise<void>[] = [];
    for (const row of rows) {
      const state = stateOf({ leaseUntil: Number(row.leaseUntil ?? 0), keepUntil: Number(row.keepUntil ?? 0), failure: String(row.failure ?? '') }, now);
      if (state === 'expired') expired.push(remove(memberId, row.rowKey ?? '', row.etag));
      else if (state !== 'kept') unsettled++;
    }
    await Promise.all(expired);
    return { unsettled };
  }

  async function finish(memberId: string, rowKey: string, etag: string, columns: Partial<RefreshRow>): Promise<void> {
    const client = await table();
    await storageCall('finish shared refresh', () =>
      client.updateEntity({ partitionKey: memberId, rowKey, leaseOwner: '', leaseUntil: 0, keepUntil: nowMs() + sharedRefreshKeepMs, ...columns }, 'Merge', { etag }),
    ).catch(() => undefined);
    // Nothing of it is needed after the window: removed then (best effort; readers ignore an expired row and
    // the portal's next new refresh sweeps what is left, an uninstall the rest).
    const timer = setTimeout(() => {
      void table()
        .then((client) => client.deleteEntity(memberId, rowKey))
        .catch(() => undefined);
    }, sharedRefreshKeepMs);
    timer.unref();
  }

  async function refreshHolding(memberId: string, rowKey: string, etag: string, refresh: () => Promise<TokenAnswer>): Promise<VisitorTokens> {
    let answer: TokenAnswer;
    try {
      answer = await refresh();
    } catch (error) {
      const refused = (error instanceof RestError && error.code === 'invalid_grant') || (error instanceof AppError && error.code === 'invalid_auth');
      // A refused token stays refused for the waiting opens; anything else may work on a retry.
      if (refused) await finish(memberId, rowKey, etag, { failure: error instanceof RestError ? error.code : 'invalid_auth' });
      else await table().then((client) => client.deleteEntity(memberId, rowKey, { etag })).catch(() => undefined);
      throw error;
    }
    await finish(memberId, rowKey, etag, { accessToken: cipher.seal(answer.accessToken, context(memberId, rowKey)), expiresAt: answer.expiresAt });
    return { accessToken: answer.accessToken, refreshToken: answer.refreshToken, expiresAt: answer.expiresAt, answer };
  }

  return {
    async refreshOnce(memberId, refreshToken, refresh) {
      const timing = options.timing?.() ?? defaultRefreshTiming;
      const rowKey = rowKeyOf(refreshToken);
      const owner = randomUUID();
      const giveUpAt = nowMs() + timing.waitMs;
      for (;;) {
        const row = await read(memberId, rowKey);
        const now = nowMs();
        const state = row && stateOf(row, now);
        if (row && state === 'kept' && row.accessToken) {
          return { accessToken: cipher.open(row.accessToken, context(memberId, rowKey)), refreshToken: '', expiresAt: row.expiresAt };
        }
        if (state === 'refused') throw new AppError('invalid_auth', 'the frame’s refresh token was refused');
        if (state === 'leased') {
          if (now > giveUpAt) throw new AppError('portal_unavailable', 'another open’s refresh did not finish in time');
          await sleep(timing.pollMs / 2 + Math.random() * timing.pollMs);
          continue;
        }
        // An outdated result or an abandoned lease: nothing in it is used, and it goes.
        if (row) await remove(memberId, rowKey, row.etag);
        // This caller refreshes, if it gets the row first and the portal has not too many under way or refused
        // (counted with its own row, so that opens arriving together cannot all pass one count).
        const etag = await take(memberId, rowKey, owner, timing.leaseMs);
        if (etag === null) continue;
        if ((await sweep(memberId)).unsettled > maxUnsettledPerPortal) {
          await remove(memberId, rowKey, etag);
          throw new AppError('invalid_auth', 'too many refreshes of this portal’s frames are under way or were refused');
        }
        return refreshHolding(memberId, rowKey, etag, refresh);
      }
    },
  };
}
