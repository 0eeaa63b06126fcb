/**
 * Unicode normalisation sorts every run of non-starters (characters of a non-zero combining class) by class,
 * and the platform's sort is quadratic in the run's length: 20,000 alternating marks take hundreds of
 * milliseconds. The Stream-Safe Text Format (UAX #15, section 13) bounds the runs: after 30 non-starters a
 * COMBINING GRAPHEME JOINER (U+034F, a starter that combines with nothing) goes in, so normalising any text is
 * linear. What counts is each character's compatibility decomposition (NFKD), not the character itself: the
 * half-width katakana sound marks U+FF9E and U+FF9F are letters that decompose to combining marks, and U+0344
 * or U+0F73 decompose to two of them.
 */

export const joiner = '\u034f';
/** Non-starters in a row that normalisation may sort (UAX #15). */
export const maxNonStarters = 30;

/**
 * The only characters whose decomposition can start with a non-starter: a non-starter is a mark, and a
 * character that decomposes to one changes under NFKC (nothing before it to compose with), so it is in
 * Changes_When_NFKC_Casefolded. test/shared/storage/streamSafe.test.ts checks this against every code point.
 */
export const mayDecomposeToNonStarter = /[\p{M}\p{Changes_When_NFKC_Casefolded}]/u;
/** Below U+0300 (the first combining mark) every character's decomposition starts with a starter. */
const firstMark = 0x300;

/** Whether a character of a decomposed text has a non-zero combining class. */
export function isNonStarter(char: string): boolean {
  // Canonical ordering moves a non-starter after U+0345 (class 240, the highest) or before U+0334 (class 1,
  // the lowest), whatever its own class; a starter (class 0) blocks both moves.
  const probe = `a\u0345${char}\u0334`;
  return probe.normalize('NFD') !== probe;
}

/**
 * For each code point met so far: 0 when not yet seen, else 1 + how many non-starters its NFKD starts with,
 * times two, plus one when its NFKD is nothing else. Computed from the platform's own normalisation the first
 * time a code point is met, so it follows the platform's Unicode version. One byte per code point (1.1 MB),
 * made on the first text that needs it.
 */
let known: Uint8Array | undefined;

function leadingOf(codePoint: number): number {
  known ??= new Uint8Array(0x110000);
  const cached = known[codePoint]!;
  if (cached !== 0) return cached - 1;
  let packed = 0;
  const char = String.fromCodePoint(codePoint);
  if (mayDecomposeToNonStarter.test(char)) {
    const chars = Array.from(char.normalize('NFKD'));
    let lead = 0;
    while (lead < chars.length && isNonStarter(chars[lead]!)) lead++;
    packed = lead * 2 + (lead === chars.length ? 1 : 0);
  }
  known[codePoint] = packed + 1;
  return packed;
}

/** How many non-starters the character's NFKD starts with (0 for a starter). */
export function leadingNonStarters(char: string): number {
  const code = char.codePointAt(0)!;
  return code < firstMark ? 0 : leadingOf(code) >> 1;
}

/**
 * The text with a joiner wherever its decomposition would otherwise reach more than 30 non-starters in a row
 * (counting each character's NFKD, as the normaliser sees it). Runs continue only through characters that
 * decompose to non-starters alone; anything else starts afresh. A character made of a starter and marks
 * (é is e and U+0301) adds at most 3 to the run that follows it, so no run the normaliser sorts is longer
 * than 33. Linear: one pass, a table look-up per character from U+0300 on.
 */
export function streamSafe(text: string): string {
  let out = '';
  let from = 0;
  let count = 0;
  for (let at = 0; at < text.length; at++) {
    let code = text.charCodeAt(at);
    if (code < firstMark) {
      count = 0;
      continue;
    }
    const start = at;
    if (code >= 0xd800 && code <= 0xdbff && at + 1 < text.length) {
      const low = text.charCodeAt(at + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        at++;
      }
    }
    const packed = leadingOf(code);
    const lead = packed >> 1;
    if (lead > 0 && count > 0 && count + lead > maxNonStarters) {
      out += text.slice(from, start) + joiner;
      from = start;
      count = 0;
    }
    count = packed & 1 ? count + lead : 0;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Whether normalising and case-mapping a text in two pieces cut before `index` gives the same as doing it
 * whole: the character there starts its decomposition with a starter (nothing is reordered across the cut)
 * and does not compose with what comes before it. ASCII never composes with what precedes it.
 */
export function isFoldBoundary(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return true;
  const code = text.charCodeAt(index);
  if (code < 0x80) return true;
  if (code >= 0xdc00 && code <= 0xdfff) return false;
  const char = String.fromCodePoint(text.codePointAt(index)!);
  if (leadingNonStarters(char) > 0) return false;
  // A starter composes only with the character right before it (or, for Hangul, the two before it).
  let from = Math.max(index - 6, 0);
  const first = text.charCodeAt(from);
  if (first >= 0xdc00 && first <= 0xdfff) from++;
  const before = text.slice(from, index);
  return (before + char).normalize('NFKC') === before.normalize('NFKC') + char.normalize('NFKC');
}
