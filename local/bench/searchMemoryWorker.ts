import { createArticleStore } from '../../shared/storage/articleStore';
import { createTables } from '../../shared/storage/tableStorage';

/**
 * Runs in a fresh child process (`node --expose-gc searchMemoryWorker.js <json>`), as one more instance of
 * the app on the bench's storage with a small search budget: it searches every big chat in turn, round after
 * round, and reads the heap after a full GC at the end of each round. Prints one JSON line.
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
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => bytes / 2 ** 20;

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as SearchMemoryInput;
  const store = createArticleStore(createTables({ kind: 'connectionString', connectionString: input.storage }), 'articles', { searchCacheBytes: input.budgetBytes });
  gc();
  const baseline = process.memoryUsage().heapUsed;
  const result: SearchMemoryResult = { baselineMb: mb(baseline), heapAfterRoundMb: [], keptMb: [], searchesFound: [] };
  for (let round = 0; round < input.rounds; round++) {
    for (const { chatId, query } of input.chats) {
      const page = await store.search({ memberId: input.memberId, chatId }, query);
      result.searchesFound.push(page.found ?? 0);
      result.keptMb.push(mb(store.searchMemory().keptBytes));
    }
    gc();
    result.heapAfterRoundMb.push(mb(process.memoryUsage().heapUsed));
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
