import { performance } from 'node:perf_hooks';

/** What the table reports about a set of samples. */
export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/**
 * Median (mean of the two middle values for an even count) and p95 by nearest rank: with 40 samples p95 is the
 * 38th smallest, a value that was actually observed rather than an interpolation between outliers.
 */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summarize: no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const middle = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const p95 = sorted[Math.min(n - 1, Math.ceil(0.95 * n) - 1)]!;
  return { n, median, p95, min: sorted[0]!, max: sorted[n - 1]! };
}

/** Wall time of one awaited call, in ms, with the call's result. */
export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

/** Runs `sample` warm-up + count times and keeps the results after the warm-up (JIT, connections, caches). */
export async function collect<T>(warmup: number, count: number, sample: (index: number) => Promise<T>): Promise<T[]> {
  const kept: T[] = [];
  for (let i = 0; i < warmup + count; i++) {
    const result = await sample(i);
    if (i >= warmup) kept.push(result);
  }
  return kept;
}
