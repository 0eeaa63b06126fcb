import { html, type SafeHtml } from './html';

const urlPattern = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const trailingPunctuation = /[.,;:!?)\]}»”’]+$/;

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
    const trailing = trailingPunctuation.exec(url)?.[0] ?? '';
    // Keep a closing parenthesis that belongs to the URL, e.g. a Wikipedia link.
    const keep = trailing.startsWith(')') && url.split('(').length > url.split(')').length - 1 ? 1 : 0;
    url = url.slice(0, url.length - trailing.length + keep);
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
