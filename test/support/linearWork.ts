import { textWork } from '../../shared/markdown/textWork';

/** The steps (characters and lines visited) the text walkers take for `run`: shared/markdown/textWork.ts. */
export function workOf(run: () => unknown): number {
  const before = textWork.steps;
  run();
  return textWork.steps - before;
}

/**
 * The work for an input of the largest size and for one of half that size: linear work is at most a few
 * steps per character and doubles (not quadruples) with the input.
 */
export function scaling(inputs: (length: number) => string, run: (text: string) => unknown, length = 20_000): { perChar: number; growth: number } {
  const full = workOf(() => run(inputs(length)));
  const half = workOf(() => run(inputs(length / 2)));
  return { perChar: full / length, growth: full / Math.max(half, 1) };
}
