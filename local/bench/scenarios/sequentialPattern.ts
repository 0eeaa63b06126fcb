import { benchChatId, benchDialogId, type BenchStack } from '../benchStack';
import { verdict, type Row } from '../results';
import { collect, summarize, timed } from '../stats';

const warmup = 5;
const samples = 40;

/**
 * The baseline the first-open target is stated against: what an open costs when its three steps run one after
 * another (user.current, then im.dialog.get, then the first page of the chat's list from Table Storage), with the app's own
 * REST client and article store on the same simulator, latency and storage. Not the app's code path: the bench
 * issues the calls itself, so the number stays a baseline whatever the app does.
 */
export async function measureSequentialPattern({ stack, runtime }: BenchStack, r: number): Promise<Row[]> {
  const { sim } = stack;
  const token = sim.issueTokens(1).accessToken;
  const chat = { memberId: sim.memberId, chatId: benchChatId };
  const times = await collect(warmup, samples, async () => {
    const { ms } = await timed(async () => {
      await runtime.rest.call(sim.clientEndpoint, 'user.current', {}, token, { readOnly: true });
      await runtime.rest.call(sim.clientEndpoint, 'im.dialog.get', { DIALOG_ID: benchDialogId }, token, { readOnly: true });
      await runtime.articles.page(chat);
    });
    return ms;
  });
  const summary = summarize(times);
  return [
    {
      id: 'open.sequentialBaseline.time',
      measure: 'sequential pattern (baseline)',
      unit: 'ms',
      median: summary.median,
      p95: summary.p95,
      samples: summary.n,
      ratio: { value: summary.median / r, of: 'r' },
      target: 'median ≥ 2 r',
      verdict: verdict(summary.median >= 2 * r),
    },
  ];
}
