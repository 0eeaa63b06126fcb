import { randomBytes } from 'node:crypto';
import { createLogger, type Logger } from '../logger';
import { partitionKey } from './articleRows';
import { deletePortalRows } from './deletePortalRows';
import { readRows } from './partitionRows';
import { EtagMismatchError, isConflict, readOrNull, storageCall, type Tables } from './tableStorage';
import type { ChatRef } from './articleStore';

/**
 * The one-time keys of the sidebar's writing forms, and what each one produced: a form sent twice (a double
 * click, a reload, back and send again) finds its key used and shows what the first sending did instead of
 * doing it again. One row per key, in the chat's partition; kept apart from the articles on purpose.
 *
 * A key starts with the time its form was rendered, and its row key with the key, so a chat's rows sort by
 * render time: those older than `formKeyRetentionMs` are a prefix, found with one small range read and
 * deleted a few at a time with each claim. A form older than that is refused (its row may be gone: acting
 * would act twice). Keys from before the render time (22 characters, rows `<action>_<key>`) still work; their
 * rows go once storage last wrote them longer ago than the retention.
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
  | { state: 'busy' }
  /** the form was rendered longer ago than keys are kept (or claims a time to come): open it again */
  | { state: 'expired' };

export interface FormKeyStore {
  /** Claims the key, or says what the request that claimed it first did; asked again, says it again. */
  claim(chat: ChatRef, key: string, action: string, userId: string, nowMs: number): Promise<FormKeyClaim>;
  finish(chat: ChatRef, key: string, action: string, outcome: FormOutcome): Promise<void>;
  /** The action did not happen (a refused or failed write): the same form may be sent again. */
  release(chat: ChatRef, key: string, action: string): Promise<void>;
  /** Every key of a portal (uninstall). */
  deletePortal(memberId: string): Promise<number>;
}

/**
 * As a form renders it: the time it was rendered (unix ms, 13 digits) and 16 random bytes, base64url; or, from
 * forms rendered before keys carried the time, the random bytes alone. Anything else is no key at all.
 */
export const formKeyPattern = /^(?:\d{13})?[A-Za-z0-9_-]{22}$/;

/** How long a form's key is kept: a form rendered longer ago is refused, and its key's row is deleted. */
export const formKeyRetentionMs = 7 * 86_400_000;
/** How far ahead of this instance's clock another instance's may be when it renders a form. */
const clockSlackMs = 86_400_000;
/** Rows of keys past the retention one claim deletes at most. */
const purgeAtOnce = 5;

/** A fresh one-time key for a form rendered at `nowMs`. */
export function newFormKey(nowMs: number): string {
  return `${timeKey(nowMs)}${randomBytes(16).toString('base64url')}`;
}

const timeKey = (ms: number) => String(Math.min(Math.max(Math.trunc(ms), 0), 9_999_999_999_999)).padStart(13, '0');

/** A claim older than this whose request never finished (its instance died) may be taken over. */
export const abandonedClaimMs = 60_000;

interface KeyEntity {
  userId: string;
  state: 'claimed' | 'done';
  claimedAt: number; // unix ms
  articleId?: string;
}

/** The time first, so that rows sort by it; keys from before the time keep their rows where they were. */
const rowKey = (action: string, key: string) => (key.length > 22 ? `${key}_${action}` : `${action}_${key}`);

/** When the form of `key` was rendered (unix ms); undefined for a key from before keys carried it. */
function renderedAt(key: string): number | undefined {
  return key.length > 22 ? Number(key.slice(0, 13)) : undefined;
}

export function createFormKeyStore(tables: Tables, tableName = 'formkeys', options: { log?: Logger } = {}): FormKeyStore {
  const table = () => tables.table(tableName);
  const log = options.log ?? createLogger(console);

  /**
   * Deletes a few rows of the chat's keys older than the retention: those of keys with their time (a range
   * read of the oldest), and those from before, by when storage last wrote them. Housekeeping: a failure is
   * logged, the claim goes on, and the next claim tries again.
   */
  async function purgeExpired(chat: ChatRef, nowMs: number): Promise<void> {
    try {
      const client = await table();
      const pk = partitionKey(chat);
      const cutoff = nowMs - formKeyRetentionMs;
      const [timed, older] = await Promise.all([
        readRows(client, 'read expired form keys', `PartitionKey eq '${pk}' and RowKey lt '${timeKey(cutoff)}'`, { limit: purgeAtOnce, select: ['RowKey'] }),
        readRows(client, 'read expired old form keys', `PartitionKey eq '${pk}' and RowKey ge 'a' and Timestamp lt datetime'${new Date(cutoff).toISOString()}'`, {
          limit: purgeAtOnce,
          select: ['RowKey'],
        }),
      ]);
      for (const row of [...timed, ...older]) await readOrNull('delete expired form key', () => client.deleteEntity(pk, row.rowKey ?? ''));
    } catch (error) {
      log.error('formKeys.purgeFailed', { memberId: chat.memberId, chatId: chat.chatId }, error);
    }
  }

  async function claimRow(chat: ChatRef, key: string, action: string, userId: string, nowMs: number): Promise<FormKeyClaim> {
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
  }

  return {
    async claim(chat, key, action, userId, nowMs) {
      const at = renderedAt(key);
      if (at !== undefined && (at < nowMs - formKeyRetentionMs || at > nowMs + clockSlackMs)) return { state: 'expired' };
      const [claim] = await Promise.all([claimRow(chat, key, action, userId, nowMs), purgeExpired(chat, nowMs)]);
      return claim;
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
