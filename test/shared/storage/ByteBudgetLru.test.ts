import { ByteBudgetLru } from '../../../shared/storage/ByteBudgetLru';

describe('a cache bounded by bytes', () => {
  it('drops the least recently used entries so that what it keeps never exceeds its budget', () => {
    const cache = new ByteBudgetLru<string, string>(100);
    for (let i = 0; i < 1000; i++) {
      cache.set(`chat${i}`, 'x', 30);
      expect(cache.usedBytes).toBeLessThanOrEqual(100);
    }
    expect(cache.size).toBe(3);
    expect(cache.get('chat999')).toBe('x');
    expect(cache.get('chat996')).toBeUndefined();
  });

  it('keeps what was read last: reading an entry saves it from the next eviction', () => {
    const cache = new ByteBudgetLru<string, number>(90);
    cache.set('a', 1, 30);
    cache.set('b', 2, 30);
    cache.set('c', 3, 30);
    expect(cache.get('a')).toBe(1);
    cache.set('d', 4, 30);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([1, 3, 4]);
  });

  it('does not keep an entry larger than the whole budget, and forgets the older value under its key', () => {
    const cache = new ByteBudgetLru<string, string>(100);
    cache.set('big', 'old', 10);
    expect(cache.set('big', 'new', 101)).toBe(false);
    expect(cache.get('big')).toBeUndefined();
    expect(cache.usedBytes).toBe(0);
  });

  it('counts a replaced entry once', () => {
    const cache = new ByteBudgetLru<string, string>(100);
    cache.set('a', 'first', 60);
    cache.set('a', 'second', 70);
    expect(cache.usedBytes).toBe(70);
    expect(cache.get('a')).toBe('second');
  });
});

describe('a cache bounded by bytes, with entries being built', () => {
  it('makes room for what is reserved, and keeps a finished entry only if it fits beside the other reservations', () => {
    const cache = new ByteBudgetLru<string, string>(100);
    cache.set('a', 'x', 40);
    cache.set('b', 'x', 40);
    cache.reserve(50);
    expect(cache.usedBytes + cache.reservedBytes).toBeLessThanOrEqual(100);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe('x');
    cache.reserve(40);
    expect(cache.size).toBe(0);
    cache.release(40);
    expect(cache.set('c', 'x', 60)).toBe(false); // 50 still reserved
    cache.release(50);
    expect(cache.set('c', 'x', 60)).toBe(true);
  });
});
