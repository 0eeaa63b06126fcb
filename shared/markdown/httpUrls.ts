import { codeOf, isAsciiWordChar, isSpace } from './characters';
import { textWork } from './textWork';

/**
 * Bare http(s) URLs in text, found the way the chat and the article view agree on: starting with `http://` or
 * `https://` (any case) not inside a word, running to white space or a character that ends a URL, without the
 * sentence punctuation after it (a closing parenthesis that balances one in the URL stays). The one place that
 * decides this, for Markdown (parseInline, styledLine) and for plain text (shared/web/linkify.ts) alike; they
 * differ only in the few characters UrlEnds names.
 */

/** What the text walkers read of their input: strings, or in tests a wrapper that counts the work. */
export type TextSource = Pick<string, 'length' | 'charCodeAt' | 'slice'>;

/** Whether a bare URL starts at `i`: `http://` or `https://`, any case, not right after a letter or digit. */
export function bareUrlStartsAt(text: TextSource, i: number): boolean {
  if ((text.charCodeAt(i) | 0x20) !== 0x68) return false; // h
  if (i > 0 && isAsciiWordChar(text.charCodeAt(i - 1))) return false;
  return schemeLength(text, i) > 0;
}

/** The length of `http://` or `https://` (any case) at `i`, else 0. */
export function schemeLength(text: TextSource, i: number): number {
  let at = i;
  for (const letter of [0x68, 0x74, 0x74, 0x70]) {
    if ((text.charCodeAt(at) | 0x20) !== letter) return 0; // h t t p
    at++;
  }
  if ((text.charCodeAt(at) | 0x20) === 0x73) at++; // s
  if (text.charCodeAt(at) !== 0x3a || text.charCodeAt(at + 1) !== 0x2f || text.charCodeAt(at + 2) !== 0x2f) return 0; // ://
  return at + 3 - i;
}

/** Which characters end a bare URL, and which of those at its end belong to the sentence rather than to it. */
export interface UrlEnds {
  ends(code: number): boolean;
  trailing(code: number): boolean;
}

/**
 * Where the bare URL starting at `start` ends: `scanned` is how far its characters run, `end` where it ends
 * once trailing punctuation is taken off (end <= start + scheme: nothing after the scheme). Each character is
 * read a bounded number of times (its scan, and the trim from the end back).
 */
export function bareUrlEnd(text: TextSource, start: number, rules: UrlEnds = markdownUrlEnds): { end: number; scanned: number } {
  const afterScheme = start + schemeLength(text, start);
  let end = afterScheme;
  let opens = 0;
  let closes = 0;
  while (end < text.length && !rules.ends(text.charCodeAt(end))) {
    const code = text.charCodeAt(end);
    if (code === codeOf.openParen) opens++;
    else if (code === codeOf.closeParen) closes++;
    end++;
  }
  const scanned = end;
  while (end > afterScheme && rules.trailing(text.charCodeAt(end - 1))) {
    if (text.charCodeAt(end - 1) === codeOf.closeParen) {
      if (opens >= closes) break;
      closes--;
    }
    end--;
  }
  textWork.steps += scanned - start;
  return { end, scanned };
}

/** White space and < > " ' ` end a bare URL in plain text. */
function endsPlainUrl(code: number): boolean {
  return code === codeOf.lessThan || code === codeOf.greaterThan || code === 0x22 || code === 0x27 || code === codeOf.backtick || isSpace(code);
}

/** In Markdown [ ] \ end one too (brackets never reach a link, in a page or in the chat). */
export function endsBareUrl(code: number): boolean {
  return endsPlainUrl(code) || code === codeOf.openBracket || code === codeOf.closeBracket || code === codeOf.backslash;
}

/** . , ; : ! ? ) ] } » ” ’ after a URL belong to the sentence. */
function isSentencePunctuation(code: number): boolean {
  return (
    code === codeOf.dot ||
    code === 0x2c ||
    code === 0x3b ||
    code === 0x3a ||
    code === 0x21 ||
    code === 0x3f ||
    code === codeOf.closeParen ||
    code === codeOf.closeBracket ||
    code === 0x7d ||
    code === 0xbb ||
    code === 0x201d ||
    code === 0x2019
  );
}

/** In Markdown, so do * _ ~ (the formatting around it). */
function isTrailing(code: number): boolean {
  return isSentencePunctuation(code) || code === codeOf.star || code === codeOf.underscore || code === codeOf.tilde;
}

/** Bare URLs in Markdown (articles with formatting, captured messages). */
export const markdownUrlEnds: UrlEnds = { ends: endsBareUrl, trailing: isTrailing };

/**
 * Bare URLs in plain text (articles written before formatting): brackets and backslashes stay in a URL, and
 * `*`, `_` and `~` at its end too, since they are no marks there.
 */
export const plainTextUrlEnds: UrlEnds = { ends: endsPlainUrl, trailing: isSentencePunctuation };

/**
 * The address a link may point to: an absolute http or https URL with a host, as the browser will read it
 * (WHATWG serialisation), or null for anything else (`javascript:`, `data:`, relative, malformed).
 */
export function httpHref(candidate: string): string | null {
  if (schemeLength(candidate, 0) === 0) return null;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  return url.href;
}
