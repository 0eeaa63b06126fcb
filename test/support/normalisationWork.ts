import type { FoldMeter } from '../../shared/storage/foldForSearch';

/**
 * A model of what the platform's normalisation does with a text (ICU, as UAX #15 describes it): decompose
 * each character, then sort every run of non-starters by combining class, by insertion, so each non-starter
 * is compared with the ones before it in its run. The work counted for a text is the decomposed length plus
 * those comparisons: linear when runs are short, quadratic in a run's length otherwise. Case mapping is one
 * pass over the text. A fold meter that counts this shows whether a fold's work is linear without timing it.
 */
export interface NormalisationWork extends FoldMeter {
  /** the work counted so far */
  units: number;
  /** the longest run of non-starters any normalisation was given */
  longestRun: number;
}

const starterness = new Map<number, boolean>();

/**
 * Whether a decomposed character has a non-zero combining class, found with other probes than the app's own
 * (U+0300 is class 230, U+0316 class 220): a non-starter swaps places with one of them; a starter never does.
 */
export function hasCombiningClass(char: string): boolean {
  const code = char.codePointAt(0)!;
  const known = starterness.get(code);
  if (known !== undefined) return known;
  const swaps = (probe: string) => probe.normalize('NFD') !== probe;
  const result = swaps(`a\u0300${char}`) || swaps(`a${char}\u0300`) || swaps(`a${char}\u0316`);
  starterness.set(code, result);
  return result;
}

/** The runs of non-starters the normaliser sorts in a text: each character decomposed on its own. */
export function nonStarterRuns(text: string, form: 'NFKD' | 'NFD' = 'NFKD'): number[] {
  const runs: number[] = [];
  let run = 0;
  for (const char of text) {
    for (const part of char.normalize(form)) {
      if (hasCombiningClass(part)) run++;
      else {
        if (run) runs.push(run);
        run = 0;
      }
    }
  }
  if (run) runs.push(run);
  return runs;
}

export function normalisationWork(): NormalisationWork {
  const work: NormalisationWork = {
    units: 0,
    longestRun: 0,
    normalising(text, form) {
      let decomposed = 0;
      for (const char of text) decomposed += char.normalize(form === 'NFKC' ? 'NFKD' : 'NFD').length;
      work.units += decomposed;
      for (const run of nonStarterRuns(text, form === 'NFKC' ? 'NFKD' : 'NFD')) {
        work.units += (run * (run - 1)) / 2;
        work.longestRun = Math.max(work.longestRun, run);
      }
    },
    caseMapping(text) {
      work.units += text.length;
    },
  };
  return work;
}
