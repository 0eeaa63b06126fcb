import { deletePortalRows } from './deletePortalRows';
import { EtagMismatchError, isConflict, readOrNull, storageCall, type Tables } from './tableStorage';
import type { ChatRef } from './articleStore';

/**
 * The one-time keys of the sidebar's writing forms, and what each one produced: a form sent twice (a double
 * click, a reload, back and send again) finds its key used and shows what the first sending did instead of
 * doing it again. One row per key, in the chat's partition; kept apart from the articles on purpose.
 */
export interface FormOutcome {
  /** the article the form created, changed or posted */
  articleId?: string;
}

export type FormKeyClaim =
  /** this request is the first with the key: it acts, then finishes or releases the key */
  | { state: 'claimed' }
  /** an earlier request with the key finished: show what it did */
  | { state: 'done'; outcome: FormOutcome }
  /** an earlier request with the key is still at it (a double click) */
  | { state: 'busy' };

export interface FormKeyStore {
  /** Claims the key, or says what the request that claimed it first did; asked again, says it again. */
  claim(chat: ChatRef, key: string, action: string, userId: string, nowMs: number): Promise<FormKeyClaim>;
  finish(chat: ChatRef, key: string, action: string, outcome: FormOutcome): Promise<void>;
  /** The action did not happen (a refused or failed write): the same form may be sent again. */
  release(chat: ChatRef, key: string, action: string): Promise<void>;
  /** Every key of a portal (uninstall). */
  deletePortal(memberId: string): Promise<number>;
}

/** As a form renders it: 16 random bytes, base64url. Anything else is no key at all. */
export const formKeyPattern = /^[A-Za-z0-9_-]{22}$/;

/** A claim older than this whose request never finished (its instance died) may be taken over. */
export const abandonedClaimMs = 60_000;

interface KeyEntity {
  userId: string;
  state: 'claimed' | 'done';
  claimedAt: number; // unix ms
  articleId?: string;
}

const partitionKey = (chat: ChatRef) => `${chat.memberId}_${chat.chatId}`;
const rowKey = (action: string, key: string) => `${action}_${key}`;

export function createFormKeyStore(tables: Tables, tableName = 'formkeys'): FormKeyStore {
  const table = () => tables.table(tableName);

  return {
    async claim(chat, key, action, userId, nowMs) {
      const client = await table();
      const entity = { partitionKey: partitionKey(chat), rowKey: rowKey(action, key), userId, state: 'claimed' as const, claimedAt: nowMs };
      // A key released between our create and our read is claimed again; twice more at most.
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await storageCall('claim form key', () => client.createEntity(entity));
          return { state: 'claimed' };
        } catch (error) {
          if (!isConflict((error as Error).cause)) throw error;
        }
        const found = await readOrNull('read form key', () => client.getEntity<KeyEntity>(entity.partitionKey, entity.rowKey));
        if (!found) continue;
        // A key belongs to the form of one user: another user's request never learns or takes over its outcome.
        if (found.userId !== userId) return { state: 'busy' };
        if (found.state === 'done') return { state: 'done', outcome: found.articleId ? { articleId: found.articleId } : {} };
        if (nowMs - found.claimedAt <= abandonedClaimMs) return { state: 'busy' };
        // Abandoned (its request never finished): take it over, unless another request did so first.
        try {
          await storageCall('take over form key', () => client.updateEntity(entity, 'Replace', { etag: found.etag }));
          return { state: 'claimed' };
        } catch (error) {
          if (error instanceof EtagMismatchError) return { state: 'busy' };
          throw error;
        }
      }
      return { state: 'busy' };
    },

    async finish(chat, key, action, outcome) {
      const client = await table();
      const done = { partitionKey: partitionKey(chat), rowKey: rowKey(action, key), state: 'done', ...(outcome.articleId ? { articleId: outcome.articleId } : {}) };
      await storageCall('finish form key', () => client.updateEntity(done, 'Merge'));
    },

    async release(chat, key, action) {
      const client = await table();
      await readOrNull('release form key', () => client.deleteEntity(partitionKey(chat), rowKey(action, key)));
    },

    async deletePortal(memberId) {
      return deletePortalRows(await table(), memberId, 'form keys');
    },
  };
}
