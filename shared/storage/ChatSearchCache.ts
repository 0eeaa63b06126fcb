import { ByteBudgetLru } from './ByteBudgetLru';
import type { SearchIndex } from './searchIndex';

/**
 * The search indexes one instance keeps, within a byte budget, each for one version of its chat. A search asks
 * for the version it just read from the chat's head, so an index from an older version is never used as it is:
 * it only saves folding again what did not change. Searches of one chat at one version share one load.
 */
export class ChatSearchCache {
  private readonly kept: ByteBudgetLru<string, SearchIndex>;
  private readonly loading = new Map<string, Promise<SearchIndex>>();

  constructor(budgetBytes: number) {
    this.kept = new ByteBudgetLru(budgetBytes);
  }

  get usedBytes(): number {
    return this.kept.usedBytes;
  }

  /** The chat's index at `version`: kept, or loaded from the older one kept (if any) and kept if it fits. */
  indexFor(chat: string, version: string, load: (previous: SearchIndex | undefined) => Promise<SearchIndex>): Promise<SearchIndex> {
    const kept = this.kept.get(chat);
    if (kept && kept.version === version) return Promise.resolve(kept);
    const key = `${chat}\n${version}`;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const loaded = load(kept)
      .then((index) => {
        // Kept even when it may be incomplete (its version then matches none): the next load starts from it. One
        // larger than the budget is not kept: it serves this search and goes.
        this.kept.set(chat, index, index.bytes);
        return index;
      })
      .finally(() => this.loading.delete(key));
    this.loading.set(key, loaded);
    return loaded;
  }
}
