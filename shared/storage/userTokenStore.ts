import type { Tokens } from '../bitrix24/oauthClient';
import { EtagMismatchError, isConflict, isNotFound, readOrNull, storageCall, type Tables } from './tableStorage';
import type { TokenCipher } from './tokenCipher';
import { leasedLineage, type LineageRow, type LineageVersion, type TokenLineage } from './tokenLineage';

/** Users whose row version one instance remembers (a few MB at most). */
const maxRemembered = 10_000;

/**
 * Each user's own tokens per portal, kept from their verified sidebar open so the app can act as them
 * later (posting an article into the chat); sealed at rest, refreshed and rotated like the installation's.
 */
export interface UserTokenStore {
  get(memberId: string, userId: string): Promise<LineageRow | null>;
  /** Keeps the newer of the stored pair and `tokens` (by expiry): a sidebar open brings a fresh pair. */
  keepNewest(memberId: string, userId: string, tokens: Tokens): Promise<void>;
  deletePortal(memberId: string): Promise<number>;
  lineage(memberId: string, userId: string): TokenLineage;
}

export function createUserTokenStore(tables: Tables, cipher: TokenCipher, tableName = 'usertokens', nowMs: () => number = Date.now): UserTokenStore {
  const table = () => tables.table(tableName);
  const rowKey = (userId: string) => `user_${userId}`;
  const context = (memberId: string, userId: string) => (field: string) => `user|${memberId}|${userId}|${field}`;
  const lineage = (memberId: string, userId: string) =>
    leasedLineage({ name: 'user tokens', tables, tableName, partitionKey: memberId, rowKey: rowKey(userId), cipher, context: context(memberId, userId) });

  /**
   * Per instance: the version of each user's row this instance last read or wrote. A user who opens the
   * sidebar again gets their fresh pair written in one storage round trip instead of a read and a write.
   * Bounded: the oldest entry goes first.
   */
  const seen = new Map<string, LineageVersion>();
  const remember = (key: string, version: LineageVersion) => {
    seen.delete(key);
    // Without an ETag a later write would not be guarded: such a version is not remembered at all.
    if (!version.etag) return;
    if (seen.size >= maxRemembered) seen.delete(seen.keys().next().value as string);
    seen.set(key, { etag: version.etag, expiresAt: version.expiresAt });
  };

  const store: UserTokenStore = {
    get: (memberId, userId) => lineage(memberId, userId).load(),

    async keepNewest(memberId, userId, tokens) {
      const seal = context(memberId, userId);
      const entity = {
        partitionKey: memberId,
        rowKey: rowKey(userId),
        accessToken: cipher.seal(tokens.accessToken, seal('accessToken')),
        refreshToken: cipher.seal(tokens.refreshToken, seal('refreshToken')),
        expiresAt: tokens.expiresAt,
        leaseOwner: '',
        leaseUntil: 0,
        updatedAt: new Date(nowMs()).toISOString(),
      };
      const client = await table();
      const key = `${memberId}|${userId}`;
      // The version this instance last saw stands in for a read only when the new pair is newer than it; the
      // write is guarded by its ETag, so if anything changed the row since (a refresh, a lease, another
      // instance's write), the write fails and the row is read after all.
      const known = seen.get(key);
      let stored: LineageVersion | null | undefined = known && known.expiresAt < tokens.expiresAt ? known : undefined;
      for (let attempt = 0; attempt < 3; attempt++) {
        stored ??= await lineage(memberId, userId).version();
        // A newer pair (a later open, or a refresh) stays; so does one being refreshed right now. A pair that
        // can't be opened (expiresAt 0) is always replaced.
        if (stored && (stored.expiresAt >= tokens.expiresAt || (stored.lease && stored.lease.until > nowMs()))) {
          remember(key, stored);
          return;
        }
        try {
          const written = await storageCall('write user tokens', () =>
            stored ? client.updateEntity(entity, 'Replace', { etag: stored.etag }) : client.createEntity(entity),
          );
          remember(key, { etag: written.etag ?? '', expiresAt: tokens.expiresAt });
          return;
        } catch (error) {
          seen.delete(key);
          // Another open or refresh wrote meanwhile (412, or 409 on create), or the row went (404): compare again.
          const cause = (error as { cause?: unknown }).cause;
          if (!(error instanceof EtagMismatchError) && !isConflict(cause) && !isNotFound(cause)) throw error;
          stored = undefined;
        }
      }
    },

    async deletePortal(memberId) {
      const client = await table();
      let deleted = 0;
      await storageCall('delete portal user tokens', async () => {
        for await (const entity of client.listEntities({ queryOptions: { filter: `PartitionKey eq '${memberId}'`, select: ['PartitionKey', 'RowKey'] } })) {
          await readOrNull('delete user tokens', () => client.deleteEntity(entity.partitionKey ?? '', entity.rowKey ?? ''));
          deleted++;
        }
      });
      return deleted;
    },

    lineage,
  };
  return store;
}
