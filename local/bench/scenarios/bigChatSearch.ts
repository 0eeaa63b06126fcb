import { allBigChats, bigChats, searchWord, type BigChat } from '../bigChats';
import type { BenchStack } from '../benchStack';
import { countSince } from '../countingProxy';
import { hiddenField, postForm, type HostAnswer } from '../hostClient';
import { verdict, type Row } from '../results';
import { needleOf } from '../../../shared/storage/foldForSearch';
import { searchQueryOf, type SearchQuery } from '../../../shared/storage/searchQuery';
import { collect, summarize, timed } from '../stats';
import { scaled } from './bigChatOpens';

const warmup = 3;
const samples = 30;

/** A sidebar page's forms for one chat: what every action posts along. */
export interface ChatSession {
  session: string;
  dialog: string;
}

export async function sessionFor(bench: BenchStack, chat: BigChat): Promise<ChatSession> {
  const form = bench.stack.sim.sidebarForm({ dialogId: chat.dialogId });
  const page = await postForm(`${bench.stack.host.url}/api/placement?${form.query}`, form.body);
  if (page.status !== 200) throw new Error(`open of ${chat.label} answered ${page.status}`);
  return { session: hiddenField(page.text, 'session'), dialog: hiddenField(page.text, 'dialog') };
}

export function postAction(bench: BenchStack, session: ChatSession, action: string, fields: Record<string, string>): Promise<HostAnswer> {
  return postForm(`${bench.stack.host.url}/api/placement/${action}`, new URLSearchParams({ ...session, ...fields }).toString());
}

interface Timing {
  ms: number;
  reads: number;
  outbound: number;
}

/** One action, timed, with the storage reads and portal requests it made; the answer must be a 200. */
async function timedAction(bench: BenchStack, session: ChatSession, fields: Record<string, string>): Promise<{ timing: Timing; answer: HostAnswer }> {
  bench.stack.sim.clearLogs();
  const before = bench.proxy.snapshot();
  const { ms, value: answer } = await timed(() => postAction(bench, session, 'list', fields));
  if (answer.status !== 200) throw new Error(`search answered ${answer.status}`);
  return { timing: { ms, reads: countSince(before, bench.proxy.snapshot()).reads, outbound: bench.stack.sim.requestLog.length }, answer };
}

const countLine = (page: string) => /data-testid="article-count">([^<]*)</.exec(page)?.[1] ?? '?';

/**
 * Searches of every big chat for the word near the end of one article's text, typed in capitals: the first
 * search on the instance (it reads the chat's summaries with their folded text), then warm ones. The hostile chat is also
 * searched with a hostile query, and the 1,000 × 4,000 chat with a word every article has (paged results).
 */
export async function measureBigChatSearch(bench: BenchStack): Promise<Row[]> {
  const rows: Row[] = [];
  for (const chat of allBigChats) {
    const session = await sessionFor(bench, chat);
    const query = searchWord(chat.target).toUpperCase();
    const cold = await timedAction(bench, session, { q: query });
    if (countLine(cold.answer.text) !== '1 article found') throw new Error(`search in ${chat.label} found: ${countLine(cold.answer.text)}`);
    const warm = await collect(warmup, samples, async () => (await timedAction(bench, session, { q: query })).timing);
    rows.push(searchRow(`bigchat.search.${chat.chatId}`, `search, ${chat.label} (a word near the end of one text)`, warm, 30 * scaled(chat), `first search on the instance ${cold.timing.ms.toFixed(0)} ms`));
  }

  const hostile = await sessionFor(bench, bigChats.hostile);
  const hostileQuery = `${'\ufdfa'.repeat(60)}a${'\u0301\uff9e\u0344\u0f73'.repeat(34)}ßßß`;
  const attack = await collect(warmup, samples, async () => (await timedAction(bench, hostile, { q: hostileQuery })).timing);
  rows.push(searchRow('bigchat.search.hostileQuery', `search, ${bigChats.hostile.label}, hostile 200-character query`, attack, 60, 'U+FDFA × 60, 136 characters that decompose to non-starters, ß × 3'));

  rows.push(await manyWordsOfTheEnds(bench, hostile));
  rows.push(await matcherWorstCase());
  rows.push(await manyWordsWorstCase());
  // Those two kept this process busy for seconds: the keep-alive connections the host closed meanwhile must be
  // seen closed before the next request picks one (else it goes out on a dead one: "socket hang up").
  await new Promise((resolve) => setTimeout(resolve, 200));

  const large = await sessionFor(bench, bigChats.large);
  // Three words in an order the article has them nowhere: one early in its text, one at its end, one in its title.
  const words = `settings ${searchWord(bigChats.large.target).toUpperCase()} runbook`;
  const anyOrder = await collect(warmup, samples, async () => {
    const { timing, answer } = await timedAction(bench, large, { q: words });
    if (countLine(answer.text) !== '1 article found') throw new Error(`search for ${words} found: ${countLine(answer.text)}`);
    return timing;
  });
  rows.push(searchRow('bigchat.search.words', `search, ${bigChats.large.label} (three words in any order, one near the end of one text)`, anyOrder, 30, `"${words}": 1 article found`));

  let firstPage: HostAnswer | undefined;
  const common = await collect(warmup, samples, async () => {
    const { timing, answer } = await timedAction(bench, large, { q: 'SETTINGS' });
    firstPage = answer;
    return timing;
  });
  const page = firstPage?.text ?? '';
  const shown = (page.match(/data-testid="article-item"/g) ?? []).length;
  const more = page.includes('data-testid="more"');
  rows.push(
    searchRow(
      'bigchat.search.common',
      `search, ${bigChats.large.label} (a word every article has)`,
      common,
      30,
      `${countLine(page)}; first page ${shown} articles, ${(Buffer.byteLength(page) / 1024).toFixed(0)} KB, ${more ? 'with' : 'without'} Show more`,
      shown <= 50 && more,
    ),
  );
  // Last: it rewrites one article's text.
  rows.push(await searchAfterEdit(bench, large));
  return rows;
}

/**
 * The instance's index is current until the chat changes: each sample edits one article (untimed, through the
 * same forms), then searches for the word the edit just wrote. The search reads the chat's summaries to see
 * what changed and the one changed article, and must find it.
 */
async function searchAfterEdit(bench: BenchStack, session: ChatSession): Promise<Row> {
  // Not the article the other scenarios look for: this one's text is replaced.
  const found = await postAction(bench, session, 'list', { q: searchWord(bigChats.large.target + 1) });
  const id = /name="id" value="(\w+)" class="article-link/.exec(found.text)?.[1] ?? '';
  const timings = await collect(warmup, samples, async (i) => {
    const edit = await postAction(bench, session, 'edit', { id });
    const word = `kingfisher-${i}.`;
    const saved = await postAction(bench, session, 'update', { id, etag: hiddenField(edit.text, 'etag'), title: `Edited ${i}`, body: `${'Checked again. '.repeat(250)}${word}` });
    if (saved.status !== 200) throw new Error(`update answered ${saved.status}`);
    const { timing, answer } = await timedAction(bench, session, { q: word.toUpperCase() });
    if (countLine(answer.text) !== '1 article found') throw new Error(`search after an edit found: ${countLine(answer.text)}`);
    return timing;
  });
  const reads = summarize(timings.map((timing) => timing.reads));
  return infoRow('bigchat.search.afterEdit', `search right after an edit, ${bigChats.large.label}`, timings.map((timing) => timing.ms), `finds the edited text every time; storage reads median ${reads.median} (max ${reads.max})`);
}

/** A row of times that only informs: the issue sets no target for it. */
function infoRow(id: string, measure: string, times: number[], note: string): Row {
  const time = summarize(times);
  return { id, measure, unit: 'ms', median: time.median, p95: time.p95, samples: time.n, target: '—', verdict: 'INFO', note };
}

/**
 * The hostile chat searched for a 200-character query of many words, eight of the ten it keeps
 * (searchQuery.ts) found only at the very end of the texts, each a scan of a whole folded text: six-letter
 * pieces of the word that ends each text ("zebrafish-500."), two words of the titles, and two-letter words to
 * fill the 200 characters, which the bound leaves out.
 */
async function manyWordsOfTheEnds(bench: BenchStack, session: ChatSession): Promise<Row> {
  const end = searchWord(bigChats.hostile.target).slice(0, -1);
  const pieces = Array.from({ length: end.length - 5 }, (_, i) => end.slice(i, i + 6));
  let query = `${pieces.join(' ')} xxxx <&`.toUpperCase();
  for (let i = 0; query.length + 3 <= 200; i++) query += ` ${String.fromCharCode(113 + Math.floor(i / 10))}${i % 10}`;
  const timings = await collect(warmup, samples, async () => {
    const { timing, answer } = await timedAction(bench, session, { q: query });
    if (countLine(answer.text) !== '1 article found') throw new Error(`many-word search found: ${countLine(answer.text)}`);
    return timing;
  });
  const words = query.split(' ').length;
  return searchRow('bigchat.search.manyWords', `search, ${bigChats.hostile.label}, 200-character query of ${words} words`, timings, 60, `ten kept: ${pieces.join(' ')} (ends of the texts), xxxx <& (titles); 1 article found`);
}

/**
 * The many-word matcher alone, in the bench's process, at its worst: ten two-letter words, nine of them at the
 * end of 1,000 texts of 25,000 units and the tenth in none, the texts otherwise a run of the words' first
 * letter, which the platform's search of a short needle stops at unit by unit. Each word is a scan of each
 * whole text: ten scans, against the one a single word of them takes.
 */
async function manyWordsWorstCase(): Promise<Row> {
  const words = 'ab ac ad ae af ag ah ai aj ak'.split(' ');
  const query = searchQueryOf(words.join(' '));
  const tail = ` ${words.slice(0, -1).join(' ')}`;
  const texts = Array.from({ length: 1000 }, () => `${'a'.repeat(25_000 - tail.length)}${tail}`);
  const single = searchQueryOf(words[words.length - 1]!);
  const search = (asked: SearchQuery) => texts.filter((text) => asked.matches('', text)).length;
  const times = await collect(1, 5, async () => (await timed(async () => search(query))).ms);
  const one = summarize(await collect(1, 5, async () => (await timed(async () => search(single))).ms));
  return infoRow(
    'bigchat.search.manyWordsWorstCase',
    'search matcher alone, worst case for many words (ten kept)',
    times,
    `"${words.join(' ')}" over 1,000 texts of 25,000 units ("aaa…" and the first nine words): 10 scans of each text; one of the words alone ${one.median.toFixed(0)} ms`,
  );
}

/**
 * The matcher alone, in the bench's process, at its worst: a query whose folded form is past 250 code units
 * (V8's own search is linear only up to 250, so the fold's KMP matcher takes it), against 1,000 folded texts of
 * 25,000 units where every position continues a partial match and none completes: what a search of a chat
 * whose articles an attacker wrote for that query costs beyond the first 250 units' native search.
 */
async function matcherWorstCase(): Promise<Row> {
  const needle = needleOf(`${'ß'.repeat(50)}x${'ß'.repeat(49)}${'y'.repeat(100)}`);
  const partial = needle.folded.slice(0, -1);
  const texts = Array.from({ length: 1000 }, () => partial.repeat(Math.ceil(25_000 / partial.length)));
  const times = await collect(2, 10, async () => (await timed(async () => texts.filter((text) => needle.foundIn(text)).length)).ms);
  const scanned = (texts.length * texts[0]!.length).toLocaleString('en');
  return infoRow(
    'bigchat.search.matcherWorstCase',
    'search matcher alone, worst case (a query folding past 250 units)',
    times,
    `folded query ${needle.folded.length} units, 1,000 texts that keep it half-matched; ${scanned} units scanned per search, linear (at most two comparisons per unit)`,
  );
}

function searchRow(id: string, measure: string, timings: Timing[], limitMs: number, note: string, holds = true): Row {
  const time = summarize(timings.map((timing) => timing.ms));
  const reads = summarize(timings.map((timing) => timing.reads));
  const outbound = Math.max(...timings.map((timing) => timing.outbound));
  return {
    id,
    measure,
    unit: 'ms',
    median: time.median,
    p95: time.p95,
    samples: time.n,
    target: `median ≤ ${limitMs} ms, no portal call`,
    verdict: verdict(time.median <= limitMs && outbound === 0 && holds),
    note: `${note}; storage reads median ${reads.median} (max ${reads.max}); portal requests ${outbound}`,
  };
}
