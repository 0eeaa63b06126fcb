import { randomBytes } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { AppError } from '../errors';
import { articleIdPattern, articleOf, filters, headEntity, headOf, headRowKey, isSummaryKey, revisionOf, summaryEntity, type ChatHead } from './articleRows';
import { readRows, transact } from './partitionRows';
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
): Promise<ChatHead | null> {
  const owner = randomBytes(8).toString('hex');
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
  const head = await readChatHead(client, pk);
  if (head?.state === 'ready' && (await buildIndex(client, pk, head, randomBytes(8).toString('hex'), nowMs, timing))) return;
  await readyChatHead(client, pk, nowMs, timing, head);
}

async function hasArticleRows(client: TableClient, pk: string): Promise<boolean> {
  return (await readRows(client, 'look for articles', filters.bodies(pk), { limit: 1 })).length > 0;
}

const actionsPerTransaction = 100;

/**
 * Takes the lease, reads every article and summary of the chat, writes what the summaries lack or have wrong,
 * and finishes with the head ready. Returns null when another instance took the chat or wrote to it meanwhile.
 */
async function buildIndex(
  client: TableClient,
  pk: string,
  head: ChatHead | null,
  owner: string,
  nowMs: () => number,
  timing: IndexBuildTiming,
): Promise<ChatHead | null> {
  const holding = (count: number) => headEntity(pk, { count, state: 'migrating', leaseUntil: nowMs() + timing.leaseMs, owner });
  const taken = await transact(client, 'take chat index lease', [
    head ? ['update', holding(head.count), 'Replace', { etag: head.etag }] : ['create', holding(0)],
  ]);
  if (!taken.ok) return null;
  let etag = taken.etags[0] ?? '';

  const rows = await readRows(client, 'read chat for its index', filters.everyArticleRow(pk));
  const articles = rows.filter((row) => articleIdPattern.test(row.rowKey ?? ''));
  const wanted = new Map<string, ReturnType<typeof summaryEntity>>();
  for (const row of articles) {
    const summary = summaryEntity(pk, articleOf(row), revisionOf(row));
    wanted.set(summary.rowKey, summary);
  }
  const actions: TransactionAction[] = [];
  for (const row of rows.filter((candidate) => isSummaryKey(candidate.rowKey))) {
    const summary = wanted.get(row.rowKey ?? '');
    if (!summary) actions.push(['delete', { partitionKey: pk, rowKey: row.rowKey ?? '' }]);
    else if (summary.rev === row.rev && summary.id === row.id) wanted.delete(summary.rowKey);
  }
  for (const summary of wanted.values()) actions.push(['upsert', summary, 'Replace']);

  // The head goes first in each transaction, checked against the last one written: a lost lease fails the
  // whole transaction at its first action, so nothing of it lands.
  for (let start = 0; ; start += actionsPerTransaction - 1) {
    const chunk = actions.slice(start, start + actionsPerTransaction - 1);
    const last = start + chunk.length >= actions.length;
    const next = last ? headEntity(pk, { count: articles.length, state: 'ready' }) : holding(articles.length);
    const written = await transact(client, 'write chat index', [['update', next, 'Replace', { etag }], ...chunk]);
    if (!written.ok) return null;
    etag = written.etags[0] ?? '';
    if (last) return headOf({ ...next, etag });
  }
}
