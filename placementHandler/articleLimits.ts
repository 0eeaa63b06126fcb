/**
 * How much one chat keeps, counted as the user sees it: characters are code points (an emoji is one) and a
 * line break is one, however the browser sent it.
 */
export const titleMaxLength = 200;
export const bodyMaxLength = 20_000;
export const maxArticlesPerChat = 1000;
/** From here on the list says how close the chat is to the limit. */
export const articleLimitWarningFrom = 900;

/** How many characters a text has as the user sees them (code points: an emoji is one). Line breaks must be folded to `\n` first (see readArticleForm). */
export function characterCount(text: string): number {
  let count = text.length;
  for (let i = 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const previous = text.charCodeAt(i - 1);
    if (code >= 0xdc00 && code <= 0xdfff && previous >= 0xd800 && previous <= 0xdbff) count--;
  }
  return count;
}

