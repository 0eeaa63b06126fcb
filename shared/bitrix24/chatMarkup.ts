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
 * `［B］` and is no tag); Markdown's emphasis and code (the newer web chat may read Markdown: Bitrix24 says it
 * does not yet, so this is the careful side); a line's leading `>` (a quote, `>>` in the chat and `>` in
 * Markdown), `#` (a heading) and `-` (a rule or a list); the `#` of `#BR#`, which Bitrix24's server-side
 * parsers turn into a line break in any case; and a dash after 52 in a row (54 open a quote block) or at the
 * text's end (where the message's next text could continue the run). Each is one UTF-16 unit, like the
 * character it replaces.
 */
const lookAlike = {
  '[': '\uff3b', // ［
  ']': '\uff3d', // ］
  '*': '\u2217', // ∗
  _: '\u02cd', // ˍ
  '~': '\u223c', // ∼
  '`': '\u02cb', // ˋ
  '#': '\uff03', // ＃
  '>': '\u203a', // ›
  '-': '\u2010', // ‐
} as const;

/** Dashes a run of user text keeps before one is replaced: the chat's quote block needs 54 in a row. */
const maxDashRun = 52;

const code = (char: string) => char.charCodeAt(0);
const [openBracket, closeBracket, star, underscore, tilde, backtick, hash, greater, dash, colon, slash] = [..."[]*_~`#>-:/"].map(code) as number[];

const isLineBreak = (unit: number) => unit === 0x0a || unit === 0x0d || unit === 0x2028 || unit === 0x2029;
/** White space before a line's first character (JavaScript's, as the web chat's parser may trim it). */
const isBlank = (unit: number) => isSpace(unit) && !isLineBreak(unit);
/**
 * Where a link the chat makes clickable ends (`_` and `~` inside it stay, or the link would break): a control
 * character, white space (JavaScript's), `<`, `>` or `"`.
 */
const endsLink = (unit: number) => unit <= 0x20 || unit === 0x22 || unit === 0x3c || unit === 0x3e || isSpace(unit);
/** ASCII letters in lower case (other characters may change, which matters only where letters are compared) */
const lower = (unit: number) => unit | 0x20;
const https = 'https';

/**
 * User text as chat text: no tag, no quote, no Markdown, no line break it did not have, every word kept and
 * readable. One pass over the text, reading each character a bounded number of times (only through `length`,
 * `charCodeAt` and `slice`, so tests can count the work).
 */
export function chatText(text: Pick<string, 'length' | 'charCodeAt' | 'slice'>): string {
  let out = '';
  let from = 0;
  let lineStart = true;
  /** the index after a `#BR#`: a new line starts there for the chat's server-side parsers */
  let breakAt = -1;
  let dashes = 0;
  /** inside an http(s) link: its `_` and `~` stay as they are */
  let inLink = false;
  /** how much of `https` the characters up to here spell (4: `http`), to spot a link without reading back */
  let scheme = 0;
  const last = text.length - 1;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (i === breakAt) lineStart = true;
    if (inLink && endsLink(unit)) inLink = false;
    let replacement: string | undefined;
    if (unit === openBracket) replacement = lookAlike['['];
    else if (unit === closeBracket) replacement = lookAlike[']'];
    else if (unit === star) replacement = lookAlike['*'];
    else if (unit === backtick) replacement = lookAlike['`'];
    else if (unit === underscore && !inLink) replacement = lookAlike._;
    else if (unit === tilde && !inLink) replacement = lookAlike['~'];
    else if (unit === greater && lineStart) replacement = lookAlike['>'];
    else if (unit === hash) {
      const lineBreak = isLineBreakTag(text, i);
      if (lineBreak) breakAt = i + 4;
      if (lineBreak || lineStart) replacement = lookAlike['#'];
    } else if (unit === dash) {
      if (lineStart || i === last || dashes === maxDashRun) replacement = lookAlike['-'];
    } else if (unit === colon && scheme >= 4 && text.charCodeAt(i + 1) === slash && text.charCodeAt(i + 2) === slash) {
      inLink = true;
    }
    dashes = unit === dash && replacement === undefined ? dashes + 1 : 0;
    scheme = scheme < 5 && lower(unit) === https.charCodeAt(scheme) ? scheme + 1 : lower(unit) === https.charCodeAt(0) ? 1 : 0;
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
