/** The most an article body may hold: 20,000 characters (code points). */
export const maxBodyCharacters = 20_000;

const fill = (head: string, filler: string, tail = '') => head + filler.repeat(Math.floor((maxBodyCharacters - [...head].length - [...tail].length) / [...filler].length)) + tail;

/**
 * Article bodies of the largest size the form accepts, each aimed at one way a text walker could go
 * quadratic or blow up: runs a URL trimmer walks back over, parentheses it counts, URL starts that never
 * finish, markup a neutraliser rewrites, white space an excerpt folds, astral characters.
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
};
