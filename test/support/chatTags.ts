/**
 * How the chat reads a message: every `[tag]`, `[tag=value]` and `[/tag]` it could render (case as written),
 * and the lines it shows as quotes (`>>` at a line's start). Tests compare these with the app's own markup.
 */
export function chatTagsOf(message: string): string[] {
  return [...message.matchAll(/\[\/?[A-Za-z]+(?:=[^\]]*)?\]/g)].map((match) => match[0]);
}

export function quoteLinesOf(message: string): string[] {
  return message.split(/\r?\n/).filter((line) => /^\s*>>/.test(line));
}
