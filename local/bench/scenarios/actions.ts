import { articleBody } from '../articleText';
import { benchDialogId, type BenchStack } from '../benchStack';
import { countSince, type StorageCount } from '../countingProxy';
import { hiddenField, postForm, type HostAnswer } from '../hostClient';
import { verdict, type Row } from '../results';
import { summarize, timed } from '../stats';

const warmup = 3;
const samples = 30;
/** What an action may add to its one portal round trip (the membership check every write makes). */
const medianTargetMs = 15;
/**
 * Storage reads each write needs: the installation as stored now (an uninstall may have started) and the
 * user's tokens for the membership check, the article(s) it changes, and for create the installation again
 * after writing (a purge that started meanwhile makes it take the article back).
 */
const readBudget: Record<string, number> = { create: 4, update: 3, remove: 3 };

interface ActionSample {
  ms: number;
  storage: StorageCount;
  /** portal and OAuth requests: exactly one, the membership check */
  outbound: number;
}

interface Page {
  session: string;
  dialog: string;
}

/**
 * create, update and remove (the confirmed delete) as the sidebar's forms post them, each timed client-side
 * with its storage round trips counted at the relay. The pages that only supply a field (the edit page's
 * etag, the delete confirmation's etag) are fetched untimed between samples.
 */
export async function measureActions(bench: BenchStack): Promise<Row[]> {
  const { stack } = bench;
  const form = stack.sim.sidebarForm({ dialogId: benchDialogId });
  const opened = await postForm(`${stack.host.url}/api/placement?${form.query}`, form.body);
  const page: Page = { session: hiddenField(opened.text, 'session'), dialog: hiddenField(opened.text, 'dialog') };
  if (opened.status !== 200 || !page.session) throw new Error(`sidebar open for the actions answered ${opened.status}`);

  const post = (action: string, fields: Record<string, string>) =>
    postForm(`${stack.host.url}/api/placement/${action}`, new URLSearchParams({ ...page, ...fields }).toString());

  const measure = async (action: string, fields: Record<string, string>): Promise<{ sample: ActionSample; answer: HostAnswer }> => {
    stack.sim.clearLogs();
    const before = bench.proxy.snapshot();
    const { ms, value: answer } = await timed(() => post(action, fields));
    if (answer.status !== 200) throw new Error(`${action} answered ${answer.status}`);
    return { sample: { ms, storage: countSince(before, bench.proxy.snapshot()), outbound: stack.sim.requestLog.length }, answer };
  };

  const total = warmup + samples;
  const ids: string[] = [];
  const created: ActionSample[] = [];
  for (let i = 0; i < total; i++) {
    const { sample, answer } = await measure('create', { title: `Benchmark article ${i}`, body: articleBody(i) });
    ids.push(hiddenField(answer.text, 'id'));
    created.push(sample);
  }
  const updated: ActionSample[] = [];
  for (const [i, id] of ids.entries()) {
    const etag = hiddenField((await post('edit', { id })).text, 'etag');
    updated.push((await measure('update', { id, etag, title: `Benchmark article ${i} (edited)`, body: articleBody(i + 1) })).sample);
  }
  const removed: ActionSample[] = [];
  for (const id of ids) {
    const etag = hiddenField((await post('delete', { id })).text, 'etag');
    removed.push((await measure('remove', { id, etag })).sample);
  }

  const r = stack.sim.latencyMs;
  return [
    ...actionRows('create', created.slice(warmup), r),
    ...actionRows('update', updated.slice(warmup), r),
    ...actionRows('remove', removed.slice(warmup), r),
  ];
}

function actionRows(action: string, samples: ActionSample[], r: number): Row[] {
  const time = summarize(samples.map((sample) => sample.ms));
  const trips = summarize(samples.map((sample) => sample.storage.reads + sample.storage.writes));
  const reads = summarize(samples.map((sample) => sample.storage.reads));
  const writes = summarize(samples.map((sample) => sample.storage.writes));
  const outbound = summarize(samples.map((sample) => sample.outbound));
  return [
    {
      id: `action.${action}.time`,
      measure: `action: ${action}`,
      unit: 'ms',
      median: time.median,
      p95: time.p95,
      samples: time.n,
      target: `median < r + ${medianTargetMs} ms`,
      verdict: verdict(time.median < r + medianTargetMs && outbound.max === 1),
      note: `${outbound.min === outbound.max ? outbound.max : `${outbound.min}-${outbound.max}`} portal/OAuth request(s) each (the membership check)`,
    },
    {
      id: `action.${action}.storage`,
      measure: `action: ${action}, storage round trips`,
      unit: 'round trips',
      median: trips.median,
      p95: trips.p95,
      samples: trips.n,
      target: `≤ 1 write + ${readBudget[action]} reads (median)`,
      verdict: verdict(writes.median <= 1 && reads.median <= (readBudget[action] ?? 1)),
      note: `reads median ${reads.median} (max ${reads.max}), writes median ${writes.median} (max ${writes.max})`,
    },
  ];
}
