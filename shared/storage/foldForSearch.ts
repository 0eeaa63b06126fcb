import { isFoldBoundary, joiner, streamSafe } from './streamSafe';

/**
 * What search compares: a word of a query (searchQuery.ts) matches a text when its folded form occurs in the
 * text's folded form.
 * Folding is compatibility normalisation (NFKC: "ﬁ" is "fi", full-width letters are letters), full case
 * folding ("STRASSE" finds "Straße", "ẞ" and "ß" are "ss", a final sigma is a sigma) and "ё" counting as "е",
 * as Russian writers use one for the other.
 *
 * Folding any text is linear and its result bounded, whatever the text:
 * - long runs of non-starters are cut before normalising (streamSafe.ts), since normalisation sorts each run
 *   in time quadratic in its length; the joiners it adds are dropped again after folding;
 * - NFKC can expand a character 18-fold (U+FDFA), case mapping 3-fold: a text whose fold would outgrow
 *   `foldedLimit` is folded a piece at a time (about 256 code units, cut where folding the pieces apart
 *   gives what folding them together would), and a piece whose fold would take the text past the limit gets a
 *   gentler fold (canonical normalisation, then lower case only, then as written). So the folded text of an
 *   article is never much longer than the article, and only the pieces holding expanding characters match
 *   as written; ordinary text in any language folds whole, well within the limit.
 */

/** How much longer than its text a folded text may be, in UTF-16 code units. */
export function foldedLimit(units: number): number {
  return units + (units >> 2) + 64;
}

/**
 * Sees every text handed to the platform's normalisation and case mapping, as it is handed over: tests model
 * the work each does with it (test/support/normalisationWork.ts).
 */
export interface FoldMeter {
  normalising(text: string, form: 'NFKC' | 'NFC'): void;
  caseMapping(text: string): void;
}

const asciiOnly = /^[\x00-\x7f]*$/;
const lastFolds = new RegExp(`[${joiner}ёς]`, 'g');
const lastFold = (char: string): string => (char === 'ё' ? 'е' : char === 'ς' ? 'σ' : '');
/** Code units per piece when a text is folded a piece at a time. */
const pieceUnits = 256;

function normalise(text: string, form: 'NFKC' | 'NFC', meter: FoldMeter | undefined): string {
  meter?.normalising(text, form);
  return text.normalize(form);
}

function lower(text: string, meter: FoldMeter | undefined): string {
  meter?.caseMapping(text);
  return text.toLowerCase();
}

/** Full case folding as the platform offers it: lower, upper, lower (ß → SS → ss, ſ → S → s). */
function caseFold(text: string, meter: FoldMeter | undefined): string {
  const once = lower(text, meter);
  meter?.caseMapping(once);
  return lower(once.toUpperCase(), meter);
}

/** The full fold of a text, or null as soon as it would be longer than `limit`. */
function fullFold(text: string, limit: number, meter: FoldMeter | undefined): string | null {
  const normal = normalise(streamSafe(text), 'NFKC', meter);
  if (normal.length > limit) return null;
  const folded = caseFold(normal, meter).replace(lastFolds, lastFold);
  return folded.length > limit ? null : folded;
}

/** The fullest fold of a piece that takes at most `room` code units; as written, it always fits. */
function gentleFold(piece: string, room: number, meter: FoldMeter | undefined): string {
  const full = fullFold(piece, room, meter);
  if (full !== null) return full;
  const safe = streamSafe(piece);
  let normal = normalise(safe, 'NFC', meter);
  if (normal.replace(lastFolds, '').length > room) normal = safe;
  for (const folded of [lower(normal, meter), normal]) {
    const done = folded.replace(lastFolds, lastFold);
    if (done.length <= room) return done;
  }
  return piece.replace(lastFolds, lastFold);
}

/** Where the piece starting at `start` ends: about `pieceUnits` on, at a fold boundary, or at the end. */
function pieceEnd(text: string, start: number): number {
  if (text.length - start <= pieceUnits + (pieceUnits >> 1)) return text.length;
  for (let end = start + pieceUnits; end < text.length; end++) if (isFoldBoundary(text, end)) return end;
  return text.length;
}

/** The text as search compares it (see above); at most `foldedLimit(text.length)` code units. */
export function foldForSearch(text: string, meter?: FoldMeter): string {
  if (asciiOnly.test(text)) return lower(text, meter);
  const whole = fullFold(text, foldedLimit(text.length), meter);
  if (whole !== null) return whole;
  // Folded a piece at a time, each within what the text so far may take: the cut points are fold boundaries,
  // so the pieces that fold fully read exactly as the whole text would.
  const folded: string[] = [];
  let used = 0;
  for (let start = 0; start < text.length; ) {
    const end = pieceEnd(text, start);
    const piece = gentleFold(text.slice(start, end), foldedLimit(end) - used, meter);
    folded.push(piece);
    used += piece.length;
    start = end;
  }
  return folded.join('');
}

/**
 * V8 finds a needle of up to 250 code units in linear time (Boyer-Moore with its shift tables covering the
 * whole needle); a longer needle is checked naively beyond those 250, so longer ones go through KMP here.
 */
const nativeNeedleUnits = 250;

/**
 * Counts the work of a search (tests check the bound, a long search yields by it): the comparisons of the KMP
 * matcher, and for the platform's linear search the haystack's length, the most it reads a unit at a time.
 */
export interface StepMeter {
  units: number;
}

/** A folded query, ready to be looked for in many folded texts. */
export interface Needle {
  /** the folded query; empty when the query folds to nothing */
  readonly folded: string;
  /** whether the needle occurs in `haystack` (a folded text); linear in the haystack */
  foundIn(haystack: string, meter?: StepMeter): boolean;
}

export function needleOf(query: string): Needle {
  return needleOfFolded(foldForSearch(query));
}

/** A needle for text already folded (a word of a folded query, say). */
export function needleOfFolded(folded: string): Needle {
  if (folded.length <= nativeNeedleUnits) {
    return {
      folded,
      foundIn: (haystack, meter) => {
        if (meter) meter.units += haystack.length;
        return folded.length > 0 && haystack.includes(folded);
      },
    };
  }
  const codes = Uint16Array.from(folded, (_, i) => folded.charCodeAt(i));
  const failure = failureTable(codes);
  const start = folded.slice(0, nativeNeedleUnits);
  return {
    folded,
    // A match starts where the needle's first 250 units do: the platform finds those (in linear time, natively),
    // and the matcher goes on from there.
    foundIn: (haystack, meter) => {
      const from = haystack.indexOf(start);
      if (meter) meter.units += from < 0 ? haystack.length : from;
      return from >= 0 && knuthMorrisPratt(haystack, from, codes, failure, meter);
    },
  };
}

/** For each prefix of the needle, the length of its longest proper prefix that is also its suffix. */
function failureTable(needle: Uint16Array): Int32Array {
  const table = new Int32Array(needle.length);
  let k = 0;
  for (let i = 1; i < needle.length; i++) {
    while (k > 0 && needle[i] !== needle[k]) k = table[k - 1]!;
    if (needle[i] === needle[k]) k++;
    table[i] = k;
  }
  return table;
}

/**
 * Whether the needle occurs in the haystack from `from` on: at most 2 comparisons per haystack unit, counted in
 * `meter`; between partial matches, the platform skips to the next unit that can start one.
 */
function knuthMorrisPratt(haystack: string, from: number, needle: Uint16Array, failure: Int32Array, meter?: StepMeter): boolean {
  const first = String.fromCharCode(needle[0]!);
  let k = 0;
  let steps = 0;
  for (let i = from; i < haystack.length; i++) {
    const code = haystack.charCodeAt(i);
    if (k === 0 && code !== needle[0]) {
      const next = haystack.indexOf(first, i + 1);
      steps += (next < 0 ? haystack.length : next) - i;
      if (next < 0) break;
      i = next;
      k = 1;
      continue;
    }
    while (k > 0 && code !== needle[k]) {
      k = failure[k - 1]!;
      steps++;
    }
    steps++;
    if (code === needle[k] && ++k === needle.length) {
      if (meter) meter.units += steps;
      return true;
    }
  }
  if (meter) meter.units += steps;
  return false;
}
