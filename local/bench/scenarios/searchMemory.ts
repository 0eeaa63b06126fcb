import { join } from 'node:path';
import { allBigChats, searchWord } from '../bigChats';
import type { BenchStack } from '../benchStack';
import { runNode } from '../childProcess';
import { verdict, type Row } from '../results';
import type { SearchMemoryInput, SearchMemoryResult } from '../searchMemoryWorker';

const worker = join(__dirname, '..', 'searchMemoryWorker.js');
const budgetMb = 64;
const rounds = 3;
/** Beyond the index a load builds: a page of 50 summaries as storage sends it, and garbage not yet collected. */
const pageSlackMb = 48;

/**
 * Memory of one instance searching more chats than its budget holds: a fresh process with a 64 MB budget
 * searches all five big chats (about 90 MB of folded text together) three times over; what it keeps after
 * each search, and its heap after a full GC at the end of each round, against the budget. Then the heap's
 * peak during one first search of each chat alone, and during first searches of all five at once.
 */
export function measureSearchMemory(bench: BenchStack, cwd: string): Row[] {
  const input: SearchMemoryInput = {
    storage: bench.directStorage,
    memberId: bench.stack.sim.memberId,
    chats: allBigChats.map((chat) => ({ chatId: chat.chatId, query: searchWord(chat.target).toUpperCase() })),
    budgetBytes: budgetMb * 2 ** 20,
    rounds,
  };
  const result = JSON.parse(runNode(['--expose-gc', worker, JSON.stringify(input)], cwd)) as SearchMemoryResult;
  const kept = Math.max(...result.keptMb);
  const retained = Math.max(...result.heapAfterRoundMb) - result.baselineMb;
  const allFound = result.searchesFound.every((found) => found === 1);
  const largest = result.alone.reduce((most, each) => (each.peakMb > most.peakMb ? each : most));
  const aloneOk = result.alone.every((each) => each.peakMb <= each.countedMb + pageSlackMb);
  // At most two loads run at once, so all of them together hold at most the two largest indexes.
  const twoLargest = result.alone.map((each) => each.countedMb).sort((a, b) => b - a).slice(0, 2).reduce((sum, each) => sum + each, 0);
  const { together, acrossPortals } = result;
  return [
    {
      id: 'search.memory',
      measure: `search memory of one instance, ${allBigChats.length} chats through a ${budgetMb} MB budget`,
      unit: 'MB',
      median: kept,
      p95: null,
      samples: result.keptMb.length,
      target: `kept ≤ ${budgetMb} MB; heap after GC ≤ start + ${budgetMb} MB`,
      verdict: verdict(kept <= budgetMb && retained <= budgetMb && allFound),
      note: `kept after each search ${result.keptMb.map((value) => value.toFixed(0)).join(', ')} MB; heap after GC ${result.baselineMb.toFixed(0)} MB at start, ${result.heapAfterRoundMb.map((value) => value.toFixed(0)).join(', ')} MB after each round${allFound ? '' : '; some searches missed their article'}`,
    },
    {
      id: 'search.memory.alone',
      measure: 'heap peak of one first search of a chat, largest of the five',
      unit: 'MB',
      median: largest.peakMb,
      p95: null,
      samples: result.alone.length,
      target: `≤ the chat's counted index + ${pageSlackMb} MB`,
      verdict: verdict(aloneOk),
      note: result.alone.map((each) => `chat ${each.chatId}: peak ${each.peakMb.toFixed(0)} MB, counted ${each.countedMb.toFixed(0)} MB`).join('; '),
    },
    {
      id: 'search.memory.together',
      measure: `heap peak of first searches of all ${allBigChats.length} chats at once (one portal)`,
      unit: 'MB',
      median: together.peakMb,
      p95: null,
      samples: allBigChats.length,
      target: `≤ the two largest indexes + ${pageSlackMb} MB; the rest queued or busy`,
      verdict: verdict(together.peakMb <= twoLargest + pageSlackMb && together.answered + together.busy === allBigChats.length),
      note: `${together.answered} answered, ${together.busy} answered “search is busy” (a portal runs one load at a time and holds three places); kept after ${together.keptMb.toFixed(0)} MB`,
    },
    {
      id: 'search.memory.acrossPortals',
      measure: `heap peak of first searches of all ${allBigChats.length} chats at once, as from ${allBigChats.length} portals`,
      unit: 'MB',
      median: acrossPortals.peakMb,
      p95: null,
      samples: allBigChats.length,
      target: `≤ the two largest indexes + ${pageSlackMb} MB`,
      verdict: verdict(acrossPortals.peakMb <= twoLargest + pageSlackMb && acrossPortals.answered === allBigChats.length),
      note: `two loads at a time, the others queued: ${acrossPortals.answered} answered, ${acrossPortals.busy} busy; kept after ${acrossPortals.keptMb.toFixed(0)} MB (budget ${budgetMb} MB); two largest indexes ${twoLargest.toFixed(0)} MB`,
    },
  ];
}
