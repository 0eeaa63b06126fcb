import { createArticleStore, defaultSearchLoads, type ArticleStore } from '../../shared/storage/articleStore';
import { createTables } from '../../shared/storage/tableStorage';

/**
 * Runs in a fresh child process (`node --expose-gc searchMemoryWorker.js <json>`), as one more instance of
 * the app on the bench's storage with a small search budget: it searches every big chat in turn, round after
 * round, and reads the heap after a full GC at the end of each round; then, each on a fresh instance, one
 * first search of each chat alone and all of them at once, with the heap's peak while they run. Prints one
 * JSON line.
 */
export interface SearchMemoryInput {
  storage: string;
  memberId: string;
  chats: { chatId: number; query: string }[];
  budgetBytes: number;
  rounds: number;
}

export interface SearchMemoryResult {
  baselineMb: number;
  /** heap in use after a full GC, at the end of each round */
  heapAfterRoundMb: number[];
  /** what the store counted as kept, after each search */
  keptMb: number[];
  /** how many articles each search found (each looks for a word only one article has) */
  searchesFound: number[];
  /** a first search of each chat alone, on a fresh instance: the heap's peak above where it started, and what the store counted */
  alone: { chatId: number; peakMb: number; countedMb: number }[];
  /** first searches of every chat at once, on a fresh instance: the heap's peak, how many were answered and how many were busy */
  together: Together;
  /** the same with the share of one portal lifted, as when the chats belong to five portals: two loads run at once */
  acrossPortals: Together;
}

export interface Together {
  peakMb: number;
  answered: number;
  busy: number;
  keptMb: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => bytes / 2 ** 20;

/** Runs `work` while sampling the heap every millisecond; the peak above the heap after a full GC before it. */
async function peakDuring<T>(work: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  gc();
  const start = process.memoryUsage().heapUsed;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 1);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { value, peakMb: mb(peak - start) };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as SearchMemoryInput;
  const tables = createTables({ kind: 'connectionString', connectionString: input.storage });
  const instance = (budgetBytes = input.budgetBytes, searchLoads = defaultSearchLoads): ArticleStore =>
    createArticleStore(tables, 'articles', { searchCacheBytes: budgetBytes, searchLoads });
  const chatOf = (chatId: number) => ({ memberId: input.memberId, chatId });
  const store = instance();
  gc();
  const baseline = process.memoryUsage().heapUsed;
  const none: Together = { peakMb: 0, answered: 0, busy: 0, keptMb: 0 };
  const result: SearchMemoryResult = { baselineMb: mb(baseline), heapAfterRoundMb: [], keptMb: [], searchesFound: [], alone: [], together: none, acrossPortals: none };
  for (let round = 0; round < input.rounds; round++) {
    for (const { chatId, query } of input.chats) {
      const page = await store.search(chatOf(chatId), query);
      result.searchesFound.push(page.found ?? 0);
      result.keptMb.push(mb(store.searchMemory().keptBytes));
    }
    gc();
    result.heapAfterRoundMb.push(mb(process.memoryUsage().heapUsed));
  }

  for (const { chatId, query } of input.chats) {
    // A budget large enough to keep the chat, so that what the store counted for it can be read after.
    const fresh = instance(256 * 2 ** 20);
    const { peakMb } = await peakDuring(() => fresh.search(chatOf(chatId), query));
    result.alone.push({ chatId, peakMb, countedMb: mb(fresh.searchMemory().keptBytes) });
  }

  const together = async (store: ArticleStore): Promise<Together> => {
    const { value: answers, peakMb } = await peakDuring(() => Promise.allSettled(input.chats.map(({ chatId, query }) => store.search(chatOf(chatId), query))));
    return {
      peakMb,
      answered: answers.filter((answer) => answer.status === 'fulfilled').length,
      busy: answers.filter((answer) => answer.status === 'rejected' && (answer.reason as { code?: string }).code === 'search_busy').length,
      keptMb: mb(store.searchMemory().keptBytes),
    };
  };
  result.together = await together(instance());
  result.acrossPortals = await together(instance(input.budgetBytes, { ...defaultSearchLoads, perPortal: input.chats.length }));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
