import { foldForSearch, needleOfFolded, type Needle, type StepMeter } from './foldForSearch';

/**
 * What a search asks for: every word of the query, in any order. An article matches when each word occurs in
 * its folded title or its folded text (foldForSearch: any case, ё as е, compatibility forms; a word may be
 * part of a longer one). Words in quotes ("…", “…”, „…“, «…») stay together as one phrase, found as typed;
 * after a quote left open, words again. Punctuation around a word is not part of it ("VPN," is "VPN"), and a
 * word of punctuation alone ("-", "—") counts only when the query has nothing else.
 *
 * The query is folded whole, once (at most 1.25 × its 200 characters + 64 code units), then cut. Of its
 * distinct words, a word inside another one is dropped (finding the longer finds it), and the longest
 * `maxQueryTerms` are kept (ties as typed): each is a linear scan of the texts, so a search is at most that
 * many scans whatever the query. The longest words go first, as they most often rule an article out.
 */
export const maxQueryTerms = 10;

export interface SearchQuery {
  /** the words and phrases every match holds, longest first; none when the query holds no word */
  readonly terms: readonly Needle[];
  /** whether an article of this folded title and text holds every term; linear in both, for each term */
  matches(title: string, body: string, meter?: StepMeter): boolean;
}

const quote = /["“”„«»]/;
const space = /\s+/;
/** What may surround a word without being part of it: brackets, quotes and sentence punctuation. */
const edgePunctuation = /^[\p{Ps}\p{Pe}\p{Pi}\p{Pf}.,;:!?¡¿'"、。]$/u;
const punctuationOnly = /^\p{P}+$/u;

function trimPunctuation(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && edgePunctuation.test(word[start]!)) start++;
  while (end > start && edgePunctuation.test(word[end - 1]!)) end--;
  return word.slice(start, end);
}

/** The query's words and phrases in the order typed, and the words of punctuation alone, as typed. */
function partsOf(folded: string): { terms: string[]; punctuation: string[] } {
  const terms: string[] = [];
  const punctuation: string[] = [];
  const pieces = folded.split(quote);
  pieces.forEach((piece, i) => {
    // Pieces at odd places are between two quotes; after a last quote never closed, words again.
    if (i % 2 === 1 && i < pieces.length - 1) {
      const phrase = piece.trim();
      if (phrase) terms.push(phrase);
      return;
    }
    for (const word of piece.split(space)) {
      if (!word) continue;
      const bare = trimPunctuation(word);
      if (bare && !punctuationOnly.test(bare)) terms.push(bare);
      else punctuation.push(word);
    }
  });
  return { terms, punctuation };
}

/** The distinct terms no other one contains, longest first (ties as typed), at most `maxQueryTerms`. */
function chosen(terms: string[]): string[] {
  const byLength = [...new Set(terms)].sort((a, b) => b.length - a.length);
  const kept: string[] = [];
  for (const term of byLength) {
    if (kept.length === maxQueryTerms) break;
    // Only a longer term, kept already, can contain it.
    if (!kept.some((longer) => longer.includes(term))) kept.push(term);
  }
  return kept;
}

export function searchQueryOf(query: string): SearchQuery {
  const { terms, punctuation } = partsOf(foldForSearch(query));
  const needles = chosen(terms.length ? terms : punctuation).map(needleOfFolded);
  return {
    terms: needles,
    matches: (title, body, meter) => needles.every((needle) => needle.foundIn(title, meter) || needle.foundIn(body, meter)),
  };
}
