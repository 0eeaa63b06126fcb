import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bytesOf } from '../../../shared/storage/searchIndex';

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
