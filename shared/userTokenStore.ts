import type { TableEntityResult } from '@azure/data-tables';
import type { Tokens } from './oauthClient';
import { readOrNull, storageCall, type Tables } from './tableStorage';
import type { TokenLineage } from './tokenLineage';

/**
 * Each user's own tokens per portal, kept from their verified sidebar open so the app can act as them
 * later (posting an article into the chat), refreshed and rotated like the installation's.
 */
export interface UserTokenStore {
  get(memberId: string, userId: string): Promise<{ tokens: Tokens; etag: string } | null>;
  /** Writes if the row is unchanged since `etag` (or, without one, creates it); EtagMismatchError otherwise. */
  save(memberId: string, userId: string, tokens: Tokens, etag?: string): Promise<string>;
  /** Keeps the newer of the stored pair and `tokens` (by expiry): a sidebar open brings a fresh pair. */
  keepNewest(memberId: string, userId: string, tokens: Tokens): Promise<void>;
  deletePortal(memberId: string): Promise<number>;
  lineage(memberId: string, userId: string): TokenLineage;
}

type TokenEntity = Tokens & { updatedAt: string };

export function createUserTokenStore(tables: Tables, tableName = 'usertokens', nowMs: () => number = Date.now): UserTokenStore {
  const table = () => tables.table(tableName);
  const rowKey = (userId: string) => `user_${userId}`;
  const fromEntity = (entity: TableEntityResult<TokenEntity>) => ({
    tokens: { accessToken: entity.accessToken, refreshToken: entity.refreshToken, expiresAt: Number(entity.expiresAt) },
    etag: entity.etag,
  });

  const store: UserTokenStore = {
    async get(memberId, userId) {
      const client = await table();
      const entity = await readOrNull('read user tokens', () => client.getEntity<TokenEntity>(memberId, rowKey(userId)));
      return entity ? fromEntity(entity) : null;
    },

    async save(memberId, userId, tokens, etag) {
      const client = await table();
      const entity = { partitionKey: memberId, rowKey: rowKey(userId), ...tokens, updatedAt: new Date(nowMs()).toISOString() };
      const written = await storageCall('write user tokens', () =>
        etag ? client.updateEntity(entity, 'Replace', { etag }) : client.createEntity(entity),
      );
      return written.etag ?? '';
    },

    async keepNewest(memberId, userId, tokens) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const stored = await store.get(memberId, userId);
        if (stored && stored.tokens.expiresAt >= tokens.expiresAt) return;
        try {
          await store.save(memberId, userId, tokens, stored?.etag);
          return;
        } catch (error) {
          // Another open or refresh wrote meanwhile (412, or 409 on create): compare again.
          if (!isWriteConflict(error)) throw error;
        }
      }
    },

    async deletePortal(memberId) {
      const client = await table();
      let deleted = 0;
      await storageCall('delete portal user tokens', async () => {
        for await (const entity of client.listEntities({ queryOptions: { filter: `PartitionKey eq '${memberId}'`, select: ['PartitionKey', 'RowKey'] } })) {
          await client.deleteEntity(entity.partitionKey ?? '', entity.rowKey ?? '');
          deleted++;
        }
      });
      return deleted;
    },

    lineage(memberId, userId) {
      return {
        name: 'user tokens',
        load: () => store.get(memberId, userId),
        save: (tokens, etag) => store.save(memberId, userId, tokens, etag),
      };
    },
  };
  return store;
}

function isWriteConflict(error: unknown): boolean {
  const status = (error as { name?: string; cause?: { statusCode?: number } })?.cause?.statusCode;
  return (error as Error)?.name === 'EtagMismatchError' || status === 409;
}
