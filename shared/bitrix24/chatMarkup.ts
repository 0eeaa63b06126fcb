/**
 * Bitrix24 chat markup (BB-code in `im.message.add` MESSAGE, and in ATTACH blocks' MESSAGE and GRID values)
 * has no escaping: text that users wrote would otherwise post links, mentions, and command buttons
 * (`[URL=...]`, `[USER=all]`, `[SEND=...]`, `[PUT=...]`, `[CALL=...]`, ...) under the name of whoever posts
 * it. So markup is built only through `chatMarkup`: its literal parts are the app's own markup, and every
 * value is user text, neutralised so that it shows as the same words and never becomes markup. This mirrors
 * `html` for pages.
 */
export class ChatMarkup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What chatMarkup interpolates: user text (neutralised), the app's own markup, or lists of them. */
export type ChatValue = ChatMarkup | string | number | null | undefined | readonly ChatValue[];

/** Tag brackets become their full-width look-alikes: `[B]` reads as `［B］` and is no tag. */
const openBracket = '\uff3b';
const closeBracket = '\uff3d';
/** A line's leading `>>` (a quote in the chat) keeps its look without being one. */
const quoteMark = '\u203a';

/**
 * User text as chat text: no tag (`[` and `]` become look-alikes), no quote line (a leading `>>` becomes
 * `›>`), every word kept. One pass over the text; the input is read only through `length`, `charCodeAt` and
 * `slice`, so tests can count the work.
 */
export function chatText(text: Pick<string, 'length' | 'charCodeAt' | 'slice'>): string {
  let out = '';
  let from = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let replacement: string | undefined;
    if (code === 0x5b) replacement = openBracket;
    else if (code === 0x5d) replacement = closeBracket;
    else if (code === 0x3e && lineStart && text.charCodeAt(i + 1) === 0x3e) replacement = quoteMark;
    if (code === 0x0a || code === 0x0d) lineStart = true;
    else if (code !== 0x20 && code !== 0x09) lineStart = false;
    if (replacement === undefined) continue;
    out += text.slice(from, i) + replacement;
    from = i + 1;
  }
  return from === 0 ? text.slice(0, text.length) : out + text.slice(from, text.length);
}

function render(value: ChatValue): string {
  if (typeof value === 'string') return chatText(value);
  if (value instanceof ChatMarkup) return value.value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return chatText(String(value));
}

/** The app's markup with user values in it: `chatMarkup\`[B]${title}[/B]\`` neutralises `title`, keeps `[B]`. */
export function chatMarkup(strings: TemplateStringsArray, ...values: ChatValue[]): ChatMarkup {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new ChatMarkup(out);
}

/** One line of user text (a title): line breaks become spaces, so the app's tags around it stay on one line. */
export function chatLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
