import { html, type SafeHtml } from './html';

/** What the text walkers read of their input: strings, or in tests a wrapper that counts the work. */
export type TextSource = Pick<string, 'length' | 'charCodeAt' | 'slice'>;

/**
 * Plain text as markup: everything escaped, and only http(s) URLs turned into links (opening outside the
 * portal frame, without a referrer). Line breaks are kept by the `.text` style (white-space: pre-wrap).
 *
 * One pass: every character is looked at a bounded number of times (finding a URL's start, its end, and
 * trimming its trailing punctuation), so an article of 20,000 characters costs the same whatever it holds.
 */
export function linkify(text: TextSource): SafeHtml {
  const parts: (SafeHtml | string)[] = [];
  let last = 0;
  let i = 0;
  while (i < text.length) {
    const start = urlStartAt(text, i);
    if (start === -1) {
      i++;
      continue;
    }
    let end = start;
    let opens = 0;
    let closes = 0;
    while (end < text.length && !endsUrl(text.charCodeAt(end))) {
      const code = text.charCodeAt(end);
      if (code === 0x28) opens++;
      else if (code === 0x29) closes++;
      end++;
    }
    const matched = end;
    // Sentence punctuation after a URL is not part of it; a closing parenthesis that balances one in the URL
    // is (e.g. a Wikipedia link).
    while (end > start && isTrailingPunctuation(text.charCodeAt(end - 1))) {
      if (text.charCodeAt(end - 1) === 0x29) {
        if (opens >= closes) break;
        closes--;
      }
      end--;
    }
    const url = text.slice(start, end);
    if (isHttpUrl(url)) {
      parts.push(text.slice(last, start), html`<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`);
      last = end;
    }
    i = matched;
  }
  parts.push(text.slice(last, text.length));
  return html`${parts}`;
}

/** Where a URL starts at `i` (`http://` or `https://`, any case, not inside a word), else -1. */
function urlStartAt(text: TextSource, i: number): number {
  if ((text.charCodeAt(i) | 0x20) !== 0x68) return -1; // h
  if (i > 0 && isWordChar(text.charCodeAt(i - 1))) return -1;
  let at = i + 1;
  for (const letter of [0x74, 0x74, 0x70]) {
    if ((text.charCodeAt(at) | 0x20) !== letter) return -1; // t t p
    at++;
  }
  if ((text.charCodeAt(at) | 0x20) === 0x73) at++; // s
  if (text.charCodeAt(at) !== 0x3a || text.charCodeAt(at + 1) !== 0x2f || text.charCodeAt(at + 2) !== 0x2f) return -1; // ://
  if (at + 3 >= text.length || endsUrl(text.charCodeAt(at + 3))) return -1; // something after the scheme
  return i;
}

function isWordChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

/** White space (as `\s` means it) and the characters that end a URL in text: < > " ' ` */
function endsUrl(code: number): boolean {
  if (code === 0x3c || code === 0x3e || code === 0x22 || code === 0x27 || code === 0x60) return true;
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** . , ; : ! ? ) ] } » ” ’ */
function isTrailingPunctuation(code: number): boolean {
  return (
    code === 0x2e ||
    code === 0x2c ||
    code === 0x3b ||
    code === 0x3a ||
    code === 0x21 ||
    code === 0x3f ||
    code === 0x29 ||
    code === 0x5d ||
    code === 0x7d ||
    code === 0xbb ||
    code === 0x201d ||
    code === 0x2019
  );
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
