import { join } from 'node:path';
import { allBigChats, searchWord } from '../bigChats';
import type { BenchStack } from '../benchStack';
import { runNode } from '../childProcess';
import { verdict, type Row } from '../results';
import type { SearchMemoryInput, SearchMemoryResult } from '../searchMemoryWorker';

const worker = join(__dirname, '..', 'searchMemoryWorker.js');
const budgetMb = 64;
const rounds = 3;

/**
 * Memory of one instance searching more chats than its budget holds: a fresh process with a 64 MB budget
 * searches all five big chats (about 90 MB of folded text together) three times over; what it keeps after
 * each search, and its heap after a full GC at the end of each round, against the budget.
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
  ];
}
