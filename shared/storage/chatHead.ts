import { randomBytes } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { AppError } from '../errors';
import {
  articleIdPattern,
  articleOf,
  cursorOf,
  editMarkRowKey,
  emptyTrash,
  filters,
  foldVersion,
  headEntity,
  headOf,
  headRowKey,
  revisionOf,
  summaryEntity,
  summaryRowKey,
  type ChatHead,
} from './articleRows';
import { forEachRow, readRows, transact, type Row } from './partitionRows';
import { readOrNull } from './tableStorage';

/** How the index of a chat from before it existed is built, on first touch, by one instance at a time. */
export interface IndexBuildTiming {
  /** how long the building instance holds the chat: long enough to write 1,000 summaries */
  leaseMs: number;
  /** how often a waiting instance looks again */
  pollMs: number;
}

export const defaultIndexBuildTiming: IndexBuildTiming = { leaseMs: 15_000, pollMs: 100 };

/** One partition's head, read on its own (one point read). */
export async function readChatHead(client: TableClient, pk: string): Promise<ChatHead | null> {
  const row = await readOrNull('read chat head', () => client.getEntity<Record<string, unknown>>(pk, headRowKey));
  return row ? headOf(row) : null;
}

/**
 * The chat's head once its index is ready, or null for a chat without articles. `seen` is a head the caller
 * already read (null: read, and there was none), which saves reading it again.
 *
 * A chat written before the index existed has article rows and no head: its first touch builds the index. The
 * building instance holds the head as a lease and checks it in every transaction it writes, so an instance that
 * lost its lease changes nothing more; the others wait for the index, or take over once the lease ran out.
 */
export async function readyChatHead(
  client: TableClient,
  pk: string,
  nowMs: () => number,
  timing: IndexBuildTiming,
  seen?: ChatHead | null,
  owner = randomBytes(8).toString('hex'),
): Promise<ChatHead | null> {
  const giveUpAt = nowMs() + 2 * timing.leaseMs;
  let head = seen === undefined ? await readChatHead(client, pk) : seen;
  for (;;) {
    if (head?.state === 'ready') return head;
    if (!head && !(await hasArticleRows(client, pk))) return null;
    if (nowMs() > giveUpAt) throw new AppError('storage_unavailable', 'storage: the chat index is still being built');
    if (!head || head.leaseUntil <= nowMs() || head.owner === owner) {
      const built = await buildIndex(client, pk, head, owner, nowMs, timing);
      if (built) return built;
    } else {
      await new Promise((resolve) => setTimeout(resolve, timing.pollMs));
    }
    head = await readChatHead(client, pk);
  }
}

/**
 * Builds the index of a ready chat again, when its rows disagree with it: an article without a summary, a
 * summary without its article, as an instance still running the previous version writes them during a deploy.
 */
export async function repairChatIndex(client: TableClient, pk: string, nowMs: () => number, timing: IndexBuildTiming): Promise<void> {
  const owner = randomBytes(8).toString('hex');
  const head = await readChatHead(client, pk);
  if (head?.state === 'ready' && (await buildIndex(client, pk, head, owner, nowMs, timing))) return;
  // Interrupted by a write (the chat stays ours to finish while the lease runs), or another instance builds it.
  await readyChatHead(client, pk, nowMs, timing, undefined, owner);
}

async function hasArticleRows(client: TableClient, pk: string): Promise<boolean> {
  return (await readRows(client, 'look for articles', filters.bodies(pk), { limit: 1 })).length > 0;
}

/** A transaction takes at most 100 actions and 4 MiB; summaries with their folded text go fewer at a time. */
const actionsPerTransaction = 100;
const bytesPerTransaction = 2.5 * 2 ** 20;
/** Articles to write summaries for, up to this many, are read one by one; more, and the chat's are read a page at a time. */
const pointReadLimit = 32;
const rowsPerPage = 50;

type Action = TransactionAction;

/**
 * Takes the lease, reads the keys and revisions of every article and summary of the chat (no text), deletes
 * summaries without their article and writes those missing, changed or folded by another fold, reading only
 * those articles' text, a page at a time. Every transaction checks the head and the edit mark it wrote last,
 * so any write to the chat meanwhile (a create or delete, or an edit, which rewrites the edit mark) makes it
 * fail at its first actions, and nothing of it lands. Finishes with the head ready. Returns null when another
 * instance took the chat or wrote to it meanwhile.
 */
async function buildIndex(
  client: TableClient,
  pk: string,
  head: ChatHead | null,
  owner: string,
  nowMs: () => number,
  timing: IndexBuildTiming,
): Promise<ChatHead | null> {
  // The trash tally stays as it was; a chat without a head has an empty trash (it came after the index).
  const trash = head ? head.trash : emptyTrash;
  const holding = (count: number) => headEntity(pk, { count, state: 'migrating', leaseUntil: nowMs() + timing.leaseMs, owner, trash });
  const mark = await readOrNull('read chat edit mark', () => client.getEntity<Record<string, unknown>>(pk, editMarkRowKey));
  const markEntity = { partitionKey: pk, rowKey: editMarkRowKey, leaseOwner: owner };
  const taken = await transact(client, 'take chat index lease', [
    head ? ['update', holding(head.count), 'Replace', { etag: head.etag }] : ['create', holding(0)],
    mark ? ['update', markEntity, 'Merge', { etag: mark.etag }] : ['create', markEntity],
  ]);
  if (!taken.ok) return null;
  let etags = { head: taken.etags[0] ?? '', mark: taken.etags[1] ?? '' };

  const [summaries, articles] = await Promise.all([
    readRows(client, 'read chat summaries for its index', filters.summaries(pk), { select: ['RowKey', 'id', 'rev', 'foldedBy'] }),
    readRows(client, 'read chat articles for its index', filters.bodies(pk), { select: ['RowKey', 'rev', 'updatedAt'] }),
  ]);
  const wanted = new Map<string, { id: string; rev: string }>();
  for (const row of articles) {
    if (!articleIdPattern.test(row.rowKey ?? '')) continue;
    const id = row.rowKey ?? '';
    wanted.set(summaryRowKey(cursorOf({ id, updatedAt: typeof row.updatedAt === 'string' ? row.updatedAt : '' })), { id, rev: revisionOf(row) });
  }
  const actions: Action[] = [];
  const stale = new Set<string>();
  for (const row of summaries) {
    const key = row.rowKey ?? '';
    const article = wanted.get(key);
    if (!article) actions.push(['delete', { partitionKey: pk, rowKey: key }]);
    else if (article.rev === row.rev && article.id === row.id && row.foldedBy === foldVersion()) wanted.delete(key);
  }
  for (const { id } of wanted.values()) stale.add(id);

  // The head and the edit mark go first in each transaction, checked against the last ones written: a lost
  // lease or a write meanwhile fails the whole transaction at its first actions.
  const total = articles.filter((row) => articleIdPattern.test(row.rowKey ?? '')).length;
  let pending: Action[] = [];
  let pendingBytes = 0;
  const flush = async (last: boolean): Promise<ChatHead | null> => {
    const next = last ? headEntity(pk, { count: total, state: 'ready', trash }) : holding(total);
    const written = await transact(client, 'write chat index', [
      ['update', next, 'Replace', { etag: etags.head }],
      ['update', markEntity, 'Merge', { etag: etags.mark }],
      ...pending,
    ]);
    pending = [];
    pendingBytes = 0;
    if (!written.ok) return null;
    etags = { head: written.etags[0] ?? '', mark: written.etags[1] ?? '' };
    return headOf({ ...next, etag: etags.head });
  };
  const add = async (action: Action): Promise<boolean> => {
    const bytes = Buffer.byteLength(JSON.stringify(action[1]));
    if (pending.length > 0 && (pending.length + 2 >= actionsPerTransaction || pendingBytes + bytes > bytesPerTransaction)) {
      if (!(await flush(false))) return false;
    }
    pending.push(action);
    pendingBytes += bytes;
    return true;
  };

  for (const action of actions) if (!(await add(action))) return null;
  let lost = false;
  await forEachArticle(client, pk, stale, async (row) => {
    if (lost) return;
    // Folding a long hostile text takes milliseconds: other requests on this instance go on in between.
    await new Promise((resolve) => setImmediate(resolve));
    if (!(await add(['upsert', summaryEntity(pk, articleOf(row), revisionOf(row)), 'Replace']))) lost = true;
  });
  if (lost) return null;
  return flush(true);
}

/** Visits the articles of `ids` with their text: one by one when few, else a page of the chat at a time. */
async function forEachArticle(client: TableClient, pk: string, ids: Set<string>, visit: (row: Row) => Promise<void>): Promise<void> {
  if (ids.size <= pointReadLimit) {
    for (const id of ids) {
      const row = await readOrNull('read article for its summary', () => client.getEntity<Record<string, unknown>>(pk, id));
      if (row) await visit(row);
    }
    return;
  }
  await forEachRow(client, 'read chat articles for their summaries', filters.bodies(pk), rowsPerPage, async (row) => {
    if (ids.has(row.rowKey ?? '')) await visit(row);
  });
}
