import { html, type SafeHtml } from './html';

const urlPattern = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const trailingPunctuation = /[.,;:!?)\]}»”’]$/;
const count = (text: string, char: string) => text.split(char).length - 1;

/**
 * Plain text as markup: everything escaped, and only http(s) URLs turned into links (opening outside the
 * portal frame, without a referrer). Line breaks are kept by the `.text` style (white-space: pre-wrap).
 */
export function linkify(text: string): SafeHtml {
  const parts: (SafeHtml | string)[] = [];
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    const start = match.index ?? 0;
    let url = match[0];
    // Sentence punctuation after a URL is not part of it; a closing parenthesis that balances one in the URL
    // is (e.g. a Wikipedia link).
    while (trailingPunctuation.test(url)) {
      if (url.endsWith(')') && count(url, '(') >= count(url, ')')) break;
      url = url.slice(0, -1);
    }
    if (!isHttpUrl(url)) continue;
    parts.push(text.slice(last, start), html`<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`);
    last = start + url.length;
  }
  parts.push(text.slice(last));
  return html`${parts}`;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
