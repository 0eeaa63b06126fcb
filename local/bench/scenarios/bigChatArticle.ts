import { allBigChats, searchWord } from '../bigChats';
import type { BenchStack } from '../benchStack';
import { countSince } from '../countingProxy';
import { hiddenField } from '../hostClient';
import { verdict, type Row } from '../results';
import { collect, summarize, timed } from '../stats';
import { scaled } from './bigChatOpens';
import { postAction, sessionFor } from './bigChatSearch';

const warmup = 3;
const samples = 30;

/**
 * Opening one article of every big chat (the article the searches find, mid-list): its whole text, linked
 * and escaped, read with one storage read.
 */
export async function measureBigChatArticle(bench: BenchStack): Promise<Row[]> {
  const rows: Row[] = [];
  for (const chat of allBigChats) {
    const session = await sessionFor(bench, chat);
    const found = await postAction(bench, session, 'list', { q: searchWord(chat.target) });
    const id = hiddenField(found.text.slice(found.text.indexOf('class="articles"')), 'id');
    if (!id) throw new Error(`no article to open in ${chat.label}`);
    let bytes = 0;
    const opens = await collect(warmup, samples, async () => {
      const before = bench.proxy.snapshot();
      const { ms, value } = await timed(() => postAction(bench, session, 'open', { id }));
      if (value.status !== 200) throw new Error(`open answered ${value.status}`);
      bytes = Buffer.byteLength(value.text);
      return { ms, reads: countSince(before, bench.proxy.snapshot()).reads };
    });
    const time = summarize(opens.map((sample) => sample.ms));
    const reads = summarize(opens.map((sample) => sample.reads));
    const limit = 20 * scaled(chat);
    rows.push({
      id: `bigchat.article.${chat.chatId}`,
      measure: `open one article, ${chat.label}`,
      unit: 'ms',
      median: time.median,
      p95: time.p95,
      samples: time.n,
      target: `median ≤ ${limit} ms`,
      verdict: verdict(time.median <= limit),
      note: `page ${(bytes / 1024).toFixed(0)} KB; storage reads median ${reads.median} (max ${reads.max})`,
    });
  }
  return rows;
}
