import { isSpace } from '../markdown/characters';

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

/**
 * Characters that would be markup, and the look-alikes user text gets instead: tag brackets (`[B]` reads as
 * `［B］` and is no tag); the first `>` of a line's leading `>>` (a quote); the `#` of `#BR#`, which Bitrix24's
 * server-side parsers turn into a line break in any case; and a dash after 52 in a row (54 open a quote block).
 * The same at the text's end when what follows in the message could complete it (`>`, `#`, `#b`, `#bR`, `-`).
 * Each is one UTF-16 unit, like the character it replaces. Nothing else changes: the chat's markup is BB-code
 * (protocol notes 7b), so `*`, `_`, `~`, backticks and a line's leading `#` or `-` are text there, and a command
 * or a file name copied from a card must be what its author typed.
 */
const lookAlike = {
  '[': '\uff3b', // ［
  ']': '\uff3d', // ］
  '#': '\uff03', // ＃
  '>': '\u203a', // ›
  '-': '\u2010', // ‐
} as const;

/** Dashes a run of user text keeps before one is replaced: the chat's quote block needs 54 in a row. */
const maxDashRun = 52;

const code = (char: string) => char.charCodeAt(0);
const [openBracket, closeBracket, hash, greater, dash] = [...'[]#>-'].map(code) as number[];

const isLineBreak = (unit: number) => unit === 0x0a || unit === 0x0d || unit === 0x2028 || unit === 0x2029;
/** White space before a line's first character (JavaScript's, as the web chat's parser may trim it). */
const isBlank = (unit: number) => isSpace(unit) && !isLineBreak(unit);
/** ASCII letters in lower case (other characters may change, which matters only where letters are compared) */
const lower = (unit: number) => unit | 0x20;

/**
 * User text as chat text: no tag, no quote, no line break it did not have, every other character as typed.
 * One pass over the text, reading each character a bounded number of times (only through `length`,
 * `charCodeAt` and `slice`, so tests can count the work).
 */
export function chatText(text: Pick<string, 'length' | 'charCodeAt' | 'slice'>): string {
  let out = '';
  let from = 0;
  let lineStart = true;
  /** the index after a `#BR#`: a new line starts there for the chat's server-side parsers */
  let breakAt = -1;
  let dashes = 0;
  const last = text.length - 1;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (i === breakAt) lineStart = true;
    let replacement: string | undefined;
    if (unit === openBracket) replacement = lookAlike['['];
    else if (unit === closeBracket) replacement = lookAlike[']'];
    else if (unit === greater && lineStart && (i === last || text.charCodeAt(i + 1) === greater)) replacement = lookAlike['>'];
    else if (unit === hash && isLineBreakTag(text, i)) {
      breakAt = i + 4;
      replacement = lookAlike['#'];
    } else if (unit === dash && (i === last || dashes === maxDashRun)) replacement = lookAlike['-'];
    dashes = unit === dash && replacement === undefined ? dashes + 1 : 0;
    if (isLineBreak(unit)) lineStart = true;
    else if (!isBlank(unit)) lineStart = false;
    if (replacement === undefined) continue;
    out += text.slice(from, i) + replacement;
    from = i + 1;
  }
  return from === 0 ? text.slice(0, text.length) : out + text.slice(from, text.length);
}

/**
 * `#BR#` in any case at `i`, which Bitrix24's server-side parsers turn into a line break; or its start at the
 * end of the text (`#`, `#b`, `#bR`), which the text after it in the message could complete.
 */
function isLineBreakTag(text: Pick<string, 'length' | 'charCodeAt'>, i: number): boolean {
  const rest = [0x62, 0x72, hash];
  for (let k = 0; k < rest.length; k++) {
    if (i + 1 + k >= text.length) return true;
    const unit = text.charCodeAt(i + 1 + k);
    if ((k < 2 ? lower(unit) : unit) !== rest[k]) return false;
  }
  return true;
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
