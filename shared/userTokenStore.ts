import type { Tokens } from './oauthClient';
import { EtagMismatchError, isConflict, readOrNull, storageCall, type Tables } from './tableStorage';
import type { TokenCipher } from './tokenCipher';
import { leasedLineage, type LineageRow, type TokenLineage } from './tokenLineage';

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
      for (let attempt = 0; attempt < 3; attempt++) {
        const stored = await store.get(memberId, userId);
        // A newer pair (a later open, or a refresh) stays; so does one being refreshed right now.
        if (stored && (stored.tokens.expiresAt >= tokens.expiresAt || (stored.lease && stored.lease.until > nowMs()))) return;
        try {
          await storageCall('write user tokens', () =>
            stored ? client.updateEntity(entity, 'Replace', { etag: stored.etag }) : client.createEntity(entity),
          );
          return;
        } catch (error) {
          // Another open or refresh wrote meanwhile (412, or 409 on create): compare again.
          if (!(error instanceof EtagMismatchError) && !isConflict((error as { cause?: unknown }).cause)) throw error;
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
