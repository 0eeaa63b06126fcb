import { allBigChats, bigChats, firstTouch, type BigChat } from '../bigChats';
import type { BenchStack } from '../benchStack';
import { verdict, type Row } from '../results';
import { summarize } from '../stats';
import { countRow, openSidebar, storageRow, type OpenSample } from './sidebarOpens';

const warmupRounds = 3;
const rounds = 40;
const maxPageKb = 150;

/** What the issue asks of a big chat's first open, given r and the 10-article chat's median. */
function openTargetMs(r: number, smallMedian: number): number {
  return Math.min(1.2 * r + 10, 1.15 * smallMedian + 5);
}

/** A chat of long or hostile articles may take twice what the 1,000 × 4,000 chat may. */
export const scaled = (chat: BigChat) => (chat.chars > 4000 ? 2 : 1);

/**
 * The first touch of every big chat after a deploy (it builds the chat's index), then first opens of all of
 * them interleaved: each round opens every chat once, in an order that rotates from round to round, each
 * with a fresh form (fresh AUTH_ID, tokens that expire later than the stored ones, so every open writes them).
 */
export async function measureBigChatOpens(bench: BenchStack, r: number): Promise<Row[]> {
  const { sim } = bench.stack;
  const touches: Row[] = [];
  for (const chat of allBigChats) {
    const touch = await firstTouch(bench, chat);
    if (touch.status !== 200) throw new Error(`first open of ${chat.label} answered ${touch.status}`);
    touches.push({
      id: `bigchat.touch.${chat.chatId}`,
      measure: `first touch after a deploy (builds the index), ${chat.label}`,
      unit: 'ms',
      median: touch.ms,
      p95: null,
      samples: 1,
      target: '—',
      verdict: 'INFO',
    });
  }

  const samples = new Map<BigChat, OpenSample[]>(allBigChats.map((chat) => [chat, []]));
  const lifetime = sim.tokens.accessTokenTtlSeconds;
  let opened = 0;
  try {
    for (let round = 0; round < warmupRounds + rounds; round++) {
      for (let k = 0; k < allBigChats.length; k++) {
        const chat = allBigChats[(round + k) % allBigChats.length]!;
        sim.tokens.accessTokenTtlSeconds = lifetime + ++opened;
        const { sample } = await openSidebar(bench, sim.sidebarForm({ dialogId: chat.dialogId }));
        if (round >= warmupRounds) samples.get(chat)!.push(sample);
      }
    }
  } finally {
    sim.tokens.accessTokenTtlSeconds = lifetime;
  }

  const small = summarize(samples.get(bigChats.small)!.map((sample) => sample.ms));
  const large = summarize(samples.get(bigChats.large)!.map((sample) => sample.ms));
  const target = openTargetMs(r, small.median);
  const rows: Row[] = [];
  for (const chat of allBigChats) {
    const opens = samples.get(chat)!;
    const time = summarize(opens.map((sample) => sample.ms));
    const base = chat === bigChats.small;
    const limit = base ? 1.2 * r + 10 : scaled(chat) * target;
    rows.push({
      id: `bigchat.open.${chat.chatId}`,
      measure: `first open, ${chat.label}`,
      unit: 'ms',
      median: time.median,
      p95: time.p95,
      samples: time.n,
      ratio: base ? { value: time.median / r, of: 'r' } : { value: time.median / small.median, of: 'base' },
      target: base ? 'median ≤ 1.2 r + 10 ms' : `median ≤ ${scaled(chat) > 1 ? '2 × ' : ''}min(1.2 r + 10, 1.15 × 10-article + 5) ms`,
      verdict: verdict(time.median <= limit),
      note: `${(time.median / r).toFixed(2)} r; limit ${limit.toFixed(1)} ms${chat.chars > 4000 ? `; ${(time.median / large.median).toFixed(2)}× the 1,000 × 4,000 chat` : ''}`,
    });
  }
  for (const chat of allBigChats) {
    const bytes = summarize(samples.get(chat)!.map((sample) => sample.bytes / 1024));
    rows.push({
      id: `bigchat.page.${chat.chatId}`,
      measure: `first page HTML, ${chat.label}`,
      unit: 'KB',
      median: bytes.median,
      p95: bytes.max,
      samples: bytes.n,
      target: `≤ ${maxPageKb} KB`,
      verdict: verdict(bytes.max <= maxPageKb),
    });
  }
  const large1000 = samples.get(bigChats.large)!;
  rows.push(
    countRow('bigchat.open.outbound', `outbound requests per first open, ${bigChats.large.label}`, large1000, (sample) => sample.outbound, 1),
    storageRow('bigchat.open.storage', `storage round trips per first open, ${bigChats.large.label}`, large1000),
  );
  return [...touches, ...rows];
}
