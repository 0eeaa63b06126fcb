import { createArticleStore } from '../../../shared/storage/articleStore';
import { createTables } from '../../../shared/storage/tableStorage';
import { benchChatId, type BenchStack } from '../benchStack';
import type { Row } from '../results';
import { collect, summarize, timed } from '../stats';

const warmup = 10;
const pairs = 60;

/**
 * What the counting relay adds to one storage round trip: the same range read (the first page of the chat's list)
 * straight to Azurite and through the relay, alternating. Subtract it from a storage-bound timing when in doubt.
 */
export async function measureStorageProxyOverhead({ stack, runtime, directStorage }: BenchStack): Promise<Row[]> {
  const direct = createArticleStore(createTables({ kind: 'connectionString', connectionString: directStorage }), 'articles');
  const chat = { memberId: stack.sim.memberId, chatId: benchChatId };
  const differences = await collect(warmup, pairs, async () => {
    const straight = await timed(() => direct.page(chat));
    const relayed = await timed(() => runtime.articles.page(chat));
    return relayed.ms - straight.ms;
  });
  const summary = summarize(differences);
  return [
    {
      id: 'storage.relayOverhead',
      measure: 'counting relay, added per storage call',
      unit: 'ms',
      median: summary.median,
      p95: summary.p95,
      samples: summary.n,
      target: '—',
      verdict: 'INFO',
      note: 'the storage times above include this once per round trip',
    },
  ];
}
