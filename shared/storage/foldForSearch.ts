/**
 * What search compares: a query matches a text when the query's folded form occurs in the text's folded form.
 * Folding is compatibility normalisation (NFKC: "ﬁ" is "fi", full-width letters are letters), full case
 * folding ("STRASSE" finds "Straße", "ẞ" and "ß" are "ss", a final sigma is a sigma) and "ё" counting as "е",
 * as Russian writers use one for the other.
 *
 * Folding any text is linear and its result bounded, whatever the text:
 * - the platform's normalisation sorts each run of combining marks, quadratic in the run's length, so runs are
 *   cut every 30 marks with U+034F COMBINING GRAPHEME JOINER first (Unicode's Stream-Safe Text Format, UAX #15)
 *   and the joiners dropped again after folding;
 * - NFKC can expand a character 18-fold (U+FDFA), case mapping 3-fold: a text whose fold would outgrow
 *   `foldedLimit` falls back to a gentler fold (canonical normalisation, then lower case only, then as written),
 *   so the folded text of an article is never much longer than the article. Such text is made of expanding
 *   characters; ordinary text in any language folds well within the limit.
 */

/** How much longer than its text a folded text may be, in UTF-16 code units. */
export function foldedLimit(units: number): number {
  return units + (units >> 2) + 64;
}

/** Counts the code units handed to the platform's normalisation and case mapping (tests check the bound). */
export interface FoldMeter {
  units: number;
}

const asciiOnly = /^[\x00-\x7f]*$/;
/** 30 marks followed by another: where the Stream-Safe Text Format inserts a joiner. */
const longMarkRun = /\p{M}{30}(?=\p{M})/gu;
const joiner = '\u034f';
const lastFolds = /[\u034fёς]/g;
const lastFold = (char: string): string => (char === 'ё' ? 'е' : char === 'ς' ? 'σ' : '');

function measured(meter: FoldMeter | undefined, text: string): string {
  if (meter) meter.units += text.length;
  return text;
}

/** The text with a joiner after every 30 marks in a row, so that normalising it is linear (UAX #15, 13). */
export function streamSafe(text: string): string {
  return text.replace(longMarkRun, `$&${joiner}`);
}

/** The text as search compares it (see above); at most `foldedLimit(text.length)` code units. */
export function foldForSearch(text: string, meter?: FoldMeter): string {
  if (asciiOnly.test(text)) return measured(meter, text).toLowerCase();
  const limit = foldedLimit(text.length);
  const safe = streamSafe(text);
  let normal = measured(meter, safe).normalize('NFKC');
  if (normal.length > limit) normal = measured(meter, safe).normalize('NFC');
  if (normal.length > limit) normal = safe;
  let folded = measured(meter, measured(meter, measured(meter, normal).toLowerCase()).toUpperCase()).toLowerCase();
  if (folded.length > limit) folded = measured(meter, normal).toLowerCase();
  if (folded.length > limit) folded = normal;
  return folded.replace(lastFolds, lastFold);
}

/**
 * V8 finds a needle of up to 250 code units in linear time (Boyer-Moore with its shift tables covering the
 * whole needle); a longer needle is checked naively beyond those 250, so longer ones go through KMP here.
 */
const nativeNeedleUnits = 250;

/** A folded query, ready to be looked for in many folded texts. */
export interface Needle {
  /** the folded query; empty when the query folds to nothing */
  readonly folded: string;
  /** whether the needle occurs in `haystack` (a folded text); linear in the haystack */
  foundIn(haystack: string, meter?: FoldMeter): boolean;
}

export function needleOf(query: string): Needle {
  const folded = foldForSearch(query);
  if (folded.length <= nativeNeedleUnits) return { folded, foundIn: (haystack) => folded.length > 0 && haystack.includes(folded) };
  const failure = failureTable(folded);
  return { folded, foundIn: (haystack, meter) => knuthMorrisPratt(haystack, folded, failure, meter) };
}

/** For each prefix of the needle, the length of its longest proper prefix that is also its suffix. */
function failureTable(needle: string): Int32Array {
  const table = new Int32Array(needle.length);
  let k = 0;
  for (let i = 1; i < needle.length; i++) {
    while (k > 0 && needle.charCodeAt(i) !== needle.charCodeAt(k)) k = table[k - 1]!;
    if (needle.charCodeAt(i) === needle.charCodeAt(k)) k++;
    table[i] = k;
  }
  return table;
}

/** At most 2 comparisons per haystack unit, counted in `meter`. */
function knuthMorrisPratt(haystack: string, needle: string, failure: Int32Array, meter?: FoldMeter): boolean {
  let k = 0;
  let steps = 0;
  for (let i = 0; i < haystack.length; i++) {
    const code = haystack.charCodeAt(i);
    while (k > 0 && code !== needle.charCodeAt(k)) {
      k = failure[k - 1]!;
      steps++;
    }
    steps++;
    if (code === needle.charCodeAt(k) && ++k === needle.length) {
      if (meter) meter.units += steps;
      return true;
    }
  }
  if (meter) meter.units += steps;
  return false;
}
