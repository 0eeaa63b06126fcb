/**
 * One line of the benchmark table. Every scenario returns rows; the table and the JSON output are two
 * renderings of the same list.
 */
export type Verdict = 'PASS' | 'FAIL' | 'INFO' | 'ERROR';

export type Unit = 'ms' | 'requests' | 'round trips' | 'MB' | 'KB';

/** What the median is compared with: the injected portal round trip, the SDK, or the dependencies alone. */
export interface Ratio {
  value: number;
  /** `base`: the same measure of the row's baseline (e.g. the 10-article chat) */
  of: 'r' | 'SDK' | 'deps' | 'base';
}

export interface Row {
  /** stable key for the JSON output, e.g. `open.first.time` */
  id: string;
  measure: string;
  unit: Unit;
  median: number | null;
  p95: number | null;
  samples: number;
  ratio?: Ratio;
  /** the target in words, or `—` for rows that only inform */
  target: string;
  verdict: Verdict;
  note?: string;
}

export function verdict(pass: boolean): Verdict {
  return pass ? 'PASS' : 'FAIL';
}

/** A scenario that threw still gets a row: the table must show that it did not measure, not hide it. */
export function errorRow(id: string, measure: string, error: unknown): Row {
  const message = error instanceof Error ? error.message : String(error);
  return { id, measure, unit: 'ms', median: null, p95: null, samples: 0, target: '—', verdict: 'ERROR', note: message.split('\n')[0] };
}
