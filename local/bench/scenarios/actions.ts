import { bigChats, type BigChat } from '../bigChats';
import type { BenchStack } from '../benchStack';
import { countSince, type StorageCount } from '../countingProxy';
import { hiddenField, type HostAnswer } from '../hostClient';
import { verdict, type Row } from '../results';
import { summarize, timed } from '../stats';
import { postAction, sessionFor, type ChatSession } from './bigChatSearch';

const warmup = 3;
const samples = 30;
/**
 * What an action may add to its one portal round trip: every write asks the portal about the user first
 * (its storage reads made meanwhile: one round trip), then writes as before (15 ms, the earlier target), and
 * a create reads the installation once more afterwards (one round trip).
 */
const medianTargetMs = 20;
const actions = ['create', 'update', 'remove'] as const;
type Action = (typeof actions)[number];

interface ActionSample {
  ms: number;
  storage: StorageCount;
  /** portal and OAuth requests: exactly one, the membership check every write makes */
  outbound: number;
}

/** ~4,000 characters, like the articles around them. */
const text = (i: number) => `Benchmark article ${i}. `.repeat(200);

/**
 * create, update and remove (the confirmed delete) as the sidebar's forms post them, in the 10-article chat
 * and in the 1,000-article one, interleaved sample by sample so both see the same machine. Each sample deletes
 * the newest article, writes a new one and edits it, so both chats keep their size. Only the three actions
 * are timed; the pages that supply their etags (the delete confirmation, the edit page) are fetched untimed.
 */
export async function measureActions(bench: BenchStack): Promise<Row[]> {
  const chats = [bigChats.small, bigChats.large];
  const sessions = new Map<BigChat, ChatSession>();
  const newest = new Map<BigChat, string>();
  for (const chat of chats) {
    const session = await sessionFor(bench, chat);
    sessions.set(chat, session);
    newest.set(chat, firstId(await postAction(bench, session, 'list', {})));
  }

  const measure = async (session: ChatSession, action: Action, fields: Record<string, string>): Promise<{ sample: ActionSample; answer: HostAnswer }> => {
    bench.stack.sim.clearLogs();
    const before = bench.proxy.snapshot();
    const { ms, value: answer } = await timed(() => postAction(bench, session, action, fields));
    if (answer.status !== 200) throw new Error(`${action} answered ${answer.status}`);
    return { sample: { ms, storage: countSince(before, bench.proxy.snapshot()), outbound: bench.stack.sim.requestLog.length }, answer };
  };

  const results = new Map<BigChat, Record<Action, ActionSample[]>>(chats.map((chat) => [chat, { create: [], update: [], remove: [] }]));
  for (let i = 0; i < warmup + samples; i++) {
    for (const chat of i % 2 ? [...chats].reverse() : chats) {
      const session = sessions.get(chat)!;
      const kept = results.get(chat)!;
      const keep = (action: Action, sample: ActionSample) => {
        if (i >= warmup) kept[action].push(sample);
      };

      const doomed = newest.get(chat)!;
      const etag = hiddenField((await postAction(bench, session, 'delete', { id: doomed })).text, 'etag');
      keep('remove', (await measure(session, 'remove', { id: doomed, etag })).sample);

      const created = await measure(session, 'create', { title: `Benchmark article ${i}`, body: text(i) });
      keep('create', created.sample);
      const id = hiddenField(created.answer.text, 'id');

      const editEtag = hiddenField((await postAction(bench, session, 'edit', { id })).text, 'etag');
      keep('update', (await measure(session, 'update', { id, etag: editEtag, title: `Benchmark article ${i} (edited)`, body: text(i + 1) })).sample);
      newest.set(chat, id);
    }
  }

  const r = bench.stack.sim.latencyMs;
  return actions.flatMap((action) => actionRows(action, results.get(bigChats.small)![action], results.get(bigChats.large)![action], r));
}

function firstId(page: HostAnswer): string {
  const id = /name="id" value="(\w+)" class="article-link/.exec(page.text)?.[1];
  if (!id) throw new Error('the chat has no article to start with');
  return id;
}

function actionRows(action: Action, small: ActionSample[], large: ActionSample[], r: number): Row[] {
  const rows: Row[] = [];
  const base = summarize(small.map((sample) => sample.ms));
  const baseTrips = storageOf(small);
  for (const [chat, samplesOfChat] of [
    [bigChats.small, small],
    [bigChats.large, large],
  ] as const) {
    const time = summarize(samplesOfChat.map((sample) => sample.ms));
    const trips = storageOf(samplesOfChat);
    const outbound = Math.max(...samplesOfChat.map((sample) => sample.outbound));
    const isBase = chat === bigChats.small;
    const sameCost = isBase || (time.median <= 1.2 * base.median + 2 && trips.reads === baseTrips.reads && trips.writes === baseTrips.writes);
    rows.push({
      id: `action.${action}.${chat.articles}`,
      measure: `action: ${action}, ${chat.label}`,
      unit: 'ms',
      median: time.median,
      p95: time.p95,
      samples: time.n,
      ratio: isBase ? undefined : { value: time.median / base.median, of: 'base' },
      target: isBase ? `median < r + ${medianTargetMs} ms` : `median < r + ${medianTargetMs} ms; ≤ 1.2× (+2 ms) and the round trips of 10 articles`,
      verdict: verdict(time.median < r + medianTargetMs && sameCost && outbound === 1),
      note: `storage reads median ${trips.reads} (max ${trips.maxReads}), writes median ${trips.writes} (max ${trips.maxWrites}); ${outbound} portal request (the membership check)`,
    });
  }
  return rows;
}

function storageOf(samples: ActionSample[]) {
  const reads = summarize(samples.map((sample) => sample.storage.reads));
  const writes = summarize(samples.map((sample) => sample.storage.writes));
  return { reads: reads.median, writes: writes.median, maxReads: reads.max, maxWrites: writes.max };
}
