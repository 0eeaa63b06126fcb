import { bodyMaxLength } from '../../placementHandler/articleLimits';

/** The most an article body may hold: 20,000 characters (code points). */
export const maxBodyCharacters = bodyMaxLength;

/** Like hostileMarkdown's `filled`, but counting code points (the form's limit), not UTF-16 units. */
const fill = (head: string, filler: string, tail = '') => head + filler.repeat(Math.floor((maxBodyCharacters - [...head].length - [...tail].length) / [...filler].length)) + tail;

/**
 * Article bodies of the largest size the form accepts, each aimed at one way a text walker could go
 * quadratic or blow up: runs a URL trimmer walks back over, parentheses it counts, URL starts that never
 * finish, markup a neutraliser rewrites, white space an excerpt folds, astral characters, and what makes
 * search folding work hardest: characters that normalisation or case mapping expands, and long runs of
 * non-starters (including letters whose decomposition is one, like the half-width sound marks U+FF9E and
 * U+FF9F, and characters that decompose to two, like U+0344 and U+0F73), which normalisation sorts.
 */
export const hostileBodies: Record<string, string> = {
  'a URL followed by closing parentheses': fill('http://a', ')'),
  'a URL of balanced parentheses': fill('http://a', '()'),
  'a URL of opening parentheses closed at the end': fill('http://a', '(', ')'.repeat(5000)),
  'a URL followed by sentence punctuation': fill('https://a', '.,;:!?]}»”’'),
  'URL starts over and over': fill('', 'http://'),
  'URL starts that never finish': fill('', 'http:/'),
  'a word that almost starts a URL': fill('', 'h'),
  'short URLs one after another': fill('', 'http://x '),
  'one long URL': fill('https://example.com/', 'a'),
  'URL starts inside a word': fill('', 'xhttp://'),
  'opening brackets': fill('', '['),
  'tags': fill('', '[URL=javascript:alert(1)]x[/URL]'),
  'quote lines': fill('', '>>\n'),
  'line breaks the server makes, each starting a quote': fill('', '#bR#>>'),
  'dashes': fill('', '-'),
  'Markdown delimiters': fill('', '**_~`#'),
  'link starts with Markdown in them': fill('', 'https://_~'),
  'white space': fill('', ' \n\t\u00a0'),
  'emoji': fill('', '\u{1F600}'),
  'emoji with URLs': fill('', '\u{1F600}http://\u{1F600}'),
  'U+FDFA, 18 characters under NFKC': fill('', '\ufdfa'),
  'U+FB2C, 3 characters even under NFC': fill('', '\ufb2c'),
  'squared katakana, up to 5 characters under NFKC': fill('', '\u3300\u3301\u3302'),
  'sharp s, two letters when folded': fill('', 'ß'),
  'dotted capital I, two code units in lower case': fill('', 'İ'),
  'Greek with iota subscripts, three letters in upper case': fill('', 'ΐ'),
  'alternating combining marks, reordered by normalisation': fill('a', '\u0316\u0301'),
  'one base and nothing but marks': fill('e', '\u0308'),
  'half-width sound marks between accents': fill('', '\u0301\uff9e'),
  'both half-width sound marks between low marks': fill('', '\uff9f\u0316\uff9e'),
  'characters that decompose to two marks': fill('a', '\u0344\u0f73\u0316\u0f75\u0f81'),
};

/** Characters that are, or decompose to, non-starters of different classes: what normalisation sorts. */
export const nonStarterAlphabet = ['\u0301', '\u0316', '\u0345', '\u0334', '\uff9e', '\uff9f', '\u0344', '\u0f73', '\u0f75', '\u0f81', '\u0340', '\u0308', '\u3099'];
