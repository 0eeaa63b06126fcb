import { bareUrlEnd, bareUrlStartsAt, httpHref, plainTextUrlEnds, schemeLength, type TextSource } from '../markdown/httpUrls';
import { html, type SafeHtml } from './html';

/**
 * Plain text as markup: everything escaped, and only http(s) URLs turned into links (opening outside the
 * portal frame, without a referrer), found as shared/markdown/httpUrls.ts finds them in plain text. Line
 * breaks are kept by the `.text` style (white-space: pre-wrap).
 *
 * One pass: every character is looked at a bounded number of times (finding a URL's start, its end, and
 * trimming its trailing punctuation), so an article of 20,000 characters costs the same whatever it holds.
 */
export function linkify(text: TextSource): SafeHtml {
  const parts: (SafeHtml | string)[] = [];
  let last = 0;
  let i = 0;
  while (i < text.length) {
    if (!bareUrlStartsAt(text, i)) {
      i++;
      continue;
    }
    const { end, scanned } = bareUrlEnd(text, i, plainTextUrlEnds);
    const url = text.slice(i, end);
    if (end > i + schemeLength(text, i) && httpHref(url) !== null) {
      parts.push(text.slice(last, i), html`<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`);
      last = end;
    }
    i = scanned;
  }
  parts.push(text.slice(last, text.length));
  return html`${parts}`;
}
