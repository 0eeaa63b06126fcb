/**
 * How the chat reads a message: every `[tag]`, `[tag=value]` and `[/tag]` it could render (case as written),
 * the lines it shows as quotes (`>>` at a line's start, where lines end at line breaks, `[BR]` and `#BR#` in
 * any case, as Bitrix24's parsers break them), and quote blocks (54 dashes in a row). Tests compare these with the app's own markup.
 */
export function chatTagsOf(message: string): string[] {
  return [...message.matchAll(/\[\/?[A-Za-z]+(?:=[^\]]*)?\]/g)].map((match) => match[0]);
}

function linesOf(message: string): string[] {
  return message.split(/\r\n|[\n\r\u2028\u2029]|\[br\]|#br#/i);
}

export function quoteLinesOf(message: string): string[] {
  return linesOf(message).filter((line) => /^\s*>>/.test(line));
}

/** Runs of dashes that open or close a quote block. */
export function quoteBlocksOf(message: string): string[] {
  return message.match(/-{54,}/g) ?? [];
}
