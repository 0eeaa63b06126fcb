import { ByteBudgetLru } from './ByteBudgetLru';
import type { SearchIndex } from './searchIndex';

/** What a load of a chat's index gets besides the index it may start from: a way to count what it holds. */
export type HoldBytes = (bytes: number) => void;

/**
 * The search indexes one instance keeps, within a byte budget, each for one version of its chat. A search
 * reads the chat's version first (its marks), then asks for an index at least as fresh as what it read:
 * either one of that version, or one read from storage after its own read. An index from an older version is
 * never used as it is; it only saves reading again what did not change.
 *
 * One load per chat at a time: a search that needs a newer version than the load in flight waits for it, then
 * loads only what changed since, and searches that a load in flight already satisfies share it. What a load
 * holds counts against the budget while it is built (kept indexes make room), and a finished load never
 * replaces an index read from storage later than it.
 */
export class ChatSearchCache {
  private readonly kept: ByteBudgetLru<string, SearchIndex>;
  private readonly flights = new Map<string, { seenAt: number; done: Promise<SearchIndex> }>();
  private reads = 0;

  constructor(budgetBytes: number) {
    this.kept = new ByteBudgetLru(budgetBytes);
  }

  get usedBytes(): number {
    return this.kept.usedBytes;
  }

  /** what loads in flight hold now */
  get loadingBytes(): number {
    return this.kept.reservedBytes;
  }

  /** A number that grows with every read of a chat's version on this instance: when it was read, in order. */
  nextRead(): number {
    return ++this.reads;
  }

  /**
   * The chat's index at `version`, read at `seenAt` (nextRead): kept, shared with a load in flight, or loaded
   * from the kept one. `load` gets the index to start from and counts what it holds with `hold`.
   */
  async indexFor(chat: string, version: string, seenAt: number, load: (previous: SearchIndex | undefined, hold: HoldBytes) => Promise<SearchIndex>): Promise<SearchIndex> {
    for (;;) {
      const kept = this.kept.get(chat);
      if (kept && (kept.version === version || (kept.version !== '' && kept.seenAt >= seenAt))) return kept;
      const flight = this.flights.get(chat);
      if (!flight) return this.start(chat, seenAt, kept, load);
      // A load that began after this search read the version reads what this search must see.
      if (flight.seenAt >= seenAt) return flight.done;
      await flight.done.catch(() => undefined);
    }
  }

  private start(chat: string, seenAt: number, previous: SearchIndex | undefined, load: (previous: SearchIndex | undefined, hold: HoldBytes) => Promise<SearchIndex>): Promise<SearchIndex> {
    let held = 0;
    const hold: HoldBytes = (bytes) => {
      held += bytes;
      this.kept.reserve(bytes);
    };
    const done = load(previous, hold)
      .then((index) => {
        this.kept.release(held);
        held = 0;
        const now = this.kept.peek(chat);
        // Kept even when it may be incomplete (its version then matches none): the next load starts from it.
        // One that does not fit is not kept: it serves its searches and goes.
        if (!now || now.seenAt <= index.seenAt) this.kept.set(chat, index, index.bytes);
        return index;
      })
      .finally(() => {
        this.kept.release(held);
        this.flights.delete(chat);
      });
    this.flights.set(chat, { seenAt, done });
    return done;
  }
}
