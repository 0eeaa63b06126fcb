import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bytesOf, searchIn, unitsPerSlice, type SearchIndex } from '../../../shared/storage/searchIndex';
import { searchQueryOf } from '../../../shared/storage/searchQuery';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A string of its own, two bytes per code unit, as text from storage with any non-Latin letter is. */
const own = (text: string) => Buffer.from(`${text}\u0416`, 'utf16le').toString('utf16le');

function article(i: number) {
  const at = own('2026-03-01T10:00:00.000Z');
  const summary = {
    id: own(`17${String(i).padStart(11, '0')}abcdef12`),
    title: own(`Тема ${i}`),
    excerpt: own(`Шаг один ${i}`),
    authorId: own('12'),
    authorName: own('Анна'),
    editorId: own('12'),
    editorName: own('Анна'),
    createdAt: at,
    updatedAt: own('2026-03-01T10:00:00.000Z'),
    cursor: own(`8${String(i).padStart(12, '0')}17${String(i).padStart(11, '0')}abcdef12`),
  };
  const indexed = { summary, rev: own('abcdefgh'), title: own(`тема ${i}`), body: own(`шаг один ${i}`) };
  return { ...indexed, bytes: bytesOf(indexed) };
}

describe('what search counts of an indexed article', () => {
  it('counts at least what V8 takes for it: every string it keeps and the objects around them', () => {
    const count = 20_000;
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = Array.from({ length: count }, (_, i) => article(i));
    gc();
    const taken = process.memoryUsage().heapUsed - before;
    const counted = kept.reduce((sum, each) => sum + each.bytes, 0);
    expect(taken).toBeGreaterThan(0);
    expect(counted).toBeGreaterThanOrEqual(taken);
  });
});

describe('a search through a chat\'s index', () => {
  const index = (bodies: string[]): SearchIndex => ({ version: 'v1', seenAt: 1, articles: bodies.map((body, i) => ({ ...article(i), body })), bytes: 0, disagrees: false });

  it('lets other requests on the instance go on while it scans a large chat for many words, and finds the same', async () => {
    const bodies = Array.from({ length: 400 }, (_, i) => `${'a'.repeat(20_000)} gateway${i % 3 ? ' zebra' : ''}`);
    expect(bodies.length * 20_000 * 3).toBeGreaterThan(2 * unitsPerSlice);
    const query = searchQueryOf('ZEBRA gateway aaaa');
    const search = searchIn(index(bodies), query, undefined, 50);
    const first = await Promise.race([search.then(() => 'search'), new Promise((resolve) => setImmediate(() => resolve('another request')))]);
    expect(first).toBe('another request');
    const { articles, found, more } = await search;
    expect(found).toBe(bodies.filter((body) => body.endsWith('zebra')).length);
    expect(articles.map((each) => each.id)).toEqual(bodies.flatMap((body, i) => (body.endsWith('zebra') ? [article(i).summary.id] : [])).slice(0, 50));
    expect(more).toBe(true);
  });

  it('answers a short search at once, without letting anything in between', async () => {
    const search = searchIn(index(['the gateway zebra', 'gateway']), searchQueryOf('zebra GATEWAY'), undefined, 50);
    const first = await Promise.race([search.then(() => 'search'), new Promise((resolve) => setImmediate(() => resolve('another request')))]);
    expect(first).toBe('search');
    expect((await search).found).toBe(1);
  });
});
