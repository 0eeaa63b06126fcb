import { ChatSearchCache } from '../../../shared/storage/ChatSearchCache';
import type { SearchIndex } from '../../../shared/storage/searchIndex';

const indexOf = (version: string, seenAt: number, bytes = 100): SearchIndex => ({ version, seenAt, articles: [], bytes, disagrees: false });

/** A load the test finishes when it wants, with what it was started from. */
function pendingLoads() {
  const started: { previous: SearchIndex | undefined; finish: (index: SearchIndex) => void; hold: (bytes: number) => void }[] = [];
  const load = (previous: SearchIndex | undefined, hold: (bytes: number) => void) =>
    new Promise<SearchIndex>((finish) => {
      started.push({ previous, finish, hold });
    });
  return { started, load };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the per-instance search cache', () => {
  it('loads a chat once at a time: a newer version waits for the load in flight, then loads from it', async () => {
    const cache = new ChatSearchCache(10_000);
    const { started, load } = pendingLoads();
    const first = cache.indexFor('chat', 'v1', cache.nextRead(), load);
    const second = cache.indexFor('chat', 'v2', cache.nextRead(), load);
    const third = cache.indexFor('chat', 'v2', cache.nextRead(), load);
    await settle();
    expect(started).toHaveLength(1);
    started[0]!.finish(indexOf('v1', 1));
    await settle();
    // The two searches that read v2 share one load, started from the v1 index.
    expect(started).toHaveLength(2);
    expect(started[1]!.previous?.version).toBe('v1');
    started[1]!.finish(indexOf('v2', 2));
    expect((await first).version).toBe('v1');
    expect([(await second).version, (await third).version]).toEqual(['v2', 'v2']);
  });

  it('serves a search from an index read after the search read its version, and never keeps an older index over a newer one', async () => {
    const cache = new ChatSearchCache(10_000);
    const { started, load } = pendingLoads();
    const early = cache.nextRead(); // a search read v1, then stalled
    const late = cache.nextRead();
    const fresh = cache.indexFor('chat', 'v2', late, load);
    await settle();
    started[0]!.finish(indexOf('v2', late));
    await fresh;
    // The stalled search wants v1; what the instance keeps was read after it: fresh enough, no load.
    expect((await cache.indexFor('chat', 'v1', early, load)).version).toBe('v2');
    expect(started).toHaveLength(1);
  });

  it('counts what a load holds against the budget while it runs: kept indexes make room, and nothing is left counted after', async () => {
    const cache = new ChatSearchCache(1_000);
    const { started, load } = pendingLoads();
    for (const chat of ['a', 'b', 'c']) {
      const loading = cache.indexFor(chat, 'v1', cache.nextRead(), load);
      await settle();
      started[started.length - 1]!.finish(indexOf('v1', 0, 300));
      await loading;
    }
    expect(cache.usedBytes).toBe(900);
    const big = cache.indexFor('d', 'v1', cache.nextRead(), load);
    await settle();
    started[3]!.hold(500);
    expect(cache.loadingBytes).toBe(500);
    expect(cache.usedBytes + cache.loadingBytes).toBeLessThanOrEqual(1_000);
    started[3]!.finish(indexOf('v1', 0, 500));
    await big;
    expect(cache.loadingBytes).toBe(0);
    expect(cache.usedBytes).toBeLessThanOrEqual(1_000);
  });
});
