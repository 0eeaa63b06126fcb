import { isSpace } from '../markdown/characters';
import { httpHref } from '../markdown/httpUrls';
import { blockSafe, escapeText, fencedCode, styledParagraphMarkdown, type StyledText } from '../markdown/styledLine';
import { textWork } from '../markdown/textWork';

/** A chat message made into an article's parts: a suggested title and the text as Markdown. */
export interface CapturedText {
  /** the message's first line of text, at most maxSuggestedTitleLength characters; '' when it has none */
  title: string;
  markdown: string;
}

/** Articles' titles have at most 200 characters (code points). */
export const maxSuggestedTitleLength = 200;
/** Articles' texts have at most 20,000 characters; a capture never needs more room than that. */
export const maxCapturedLength = 20_000;

/**
 * The most of a message's raw text that is read: a chat message has at most 20,000 characters (protocol notes
 * 7b), and its tags may take as much room again and more; what lies beyond could never fit an article.
 */
const maxMessageRead = 4 * maxCapturedLength;

/** The message's start that is read, never ending in half a character. */
function messageStart(text: string): string {
  if (text.length <= maxMessageRead) return text;
  const last = text.charCodeAt(maxMessageRead - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? maxMessageRead - 1 : maxMessageRead);
}

/**
 * A chat message's raw text (BB-code, as `im.dialog.messages.get` gives it) as article Markdown: [B] and [I]
 * become bold and italic, [URL=http(s)…] links, [CODE] code blocks, [QUOTE], `>>` lines and the chat's
 * dashed quote blocks quotes, [BR] and #BR# line breaks. Mentions, chat links and command buttons ([USER],
 * [CHAT], [SEND], [PUT], [CALL], ...) keep only the words they show; their ids, commands and numbers are
 * dropped, as are icons and file tags. Formatting the articles do not have ([U], [S], [SIZE], [COLOR]) keeps
 * its text. Everything else the message says is text: Markdown characters in it are escaped, so nothing in
 * a message becomes formatting it did not have. At most `maxLength` characters (UTF-16 units: never more
 * characters than that); what does not fit is cut, marked with "…". Linear in the message's length.
 */
export function chatMessageToMarkdown(text: string, maxLength = maxCapturedLength): CapturedText {
  const lines = readMessage(messageStart(text));
  const title = titleOf(lines);
  return { title, markdown: writeMarkdown(withoutTitleLine(lines, title), maxLength) };
}

/**
 * The lines without the first one when it only repeats the title: a first line that is all bold (what a
 * chat's author writes as a heading) and became the title in full, with more text after it. Any other first
 * line stays in the text, as the message said it (a title is edited more often than a text is re-read).
 */
function withoutTitleLine(lines: Line[], title: string): Line[] {
  const first = lines.findIndex((line) => line.kind === 'code' || line.pieces.some((piece) => piece.text.trim() !== ''));
  const line = lines[first];
  if (!line || line.kind !== 'text' || line.quoted || title === '') return lines;
  const plain = line.pieces.map((piece) => piece.text).join('');
  const words = (piece: StyledText) => /[\p{L}\p{N}]/u.test(piece.text);
  const allBold = line.pieces.some((piece) => piece.bold && words(piece)) && line.pieces.every((piece) => piece.bold || !words(piece));
  const more = lines.slice(first + 1).some((next) => next.kind === 'code' || next.pieces.some((piece) => piece.text.trim() !== ''));
  return allBold && more && plain.replace(/\s+/g, ' ').trim() === title ? lines.slice(first + 1) : lines;
}

type Line = { kind: 'text'; quoted: boolean; pieces: StyledText[] } | { kind: 'code'; quoted: boolean; text: string };

interface Tag {
  name: string;
  value: string;
  closing: boolean;
  /** index after the tag's `]` */
  end: number;
}

/** Tags that only change how their content looks, points to or acts: their content's words stay. */
const transparentTags = new Set(['u', 's', 'size', 'color', 'font', 'left', 'right', 'center', 'justify', 'user', 'chat', 'context', 'send', 'put', 'call', 'img']);
/** Tags that stand alone and show nothing worth keeping in an article (icons, files). */
const droppedTags = new Set(['icon', 'disk']);
const knownTags = new Set([...transparentTags, ...droppedTags, 'b', 'i', 'url', 'quote', 'code', 'br', 'timestamp']);

/** A tag is short: a longer bracketed text is text. */
const maxTagLength = 2048;

/** `[name]`, `[name=value]`, `[name attr=...]` or `[/name]` at `at`; the scan stops at the next `[` or line end. */
function tagAt(text: string, at: number): Tag | null {
  let i = at + 1;
  const closing = text.charCodeAt(i) === 0x2f;
  if (closing) i++;
  const nameStart = i;
  while (i - nameStart < 16 && ((text.charCodeAt(i) | 0x20) >= 0x61 && (text.charCodeAt(i) | 0x20) <= 0x7a)) i++;
  const name = text.slice(nameStart, i).toLowerCase();
  if (!knownTags.has(name)) return null;
  const valueStart = i;
  while (i < text.length && i - at < maxTagLength) {
    textWork.steps++;
    const code = text.charCodeAt(i);
    if (code === 0x5d) break;
    if (code === 0x5b || code === 0x0a) return null;
    i++;
  }
  if (text.charCodeAt(i) !== 0x5d) return null;
  const rest = text.slice(valueStart, i);
  if (rest !== '' && !rest.startsWith('=') && !rest.startsWith(' ')) return null;
  if (closing && rest !== '') return null;
  return { name, value: rest.startsWith('=') ? unquote(rest.slice(1).trim()) : '', closing, end: i + 1 };
}

function unquote(value: string): string {
  return value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0] ? value.slice(1, -1) : value;
}

/**
 * Finds where `[/code]` (any case) starts after a position, else -1. The last answer is kept: asked again
 * from a position before it, it is still the answer, so every `[` is looked at once however many [code]
 * tags the message has.
 */
function codeEnds(text: string): (from: number) => number {
  let known = { from: Infinity, at: -1 };
  return (from) => {
    if (from >= known.from && (known.at === -1 || from <= known.at)) return known.at;
    let at = -1;
    let read = from;
    for (let i = text.indexOf('[', from); i !== -1; i = text.indexOf('[', i + 1)) {
      textWork.steps += i - read + 1;
      read = i + 1;
      if (text.slice(i, i + 7).toLowerCase() === '[/code]') {
        at = i;
        break;
      }
    }
    known = { from, at };
    return at;
  };
}

/** The message as lines of styled text and code blocks, with which of them are quoted. */
function readMessage(text: string): Line[] {
  const lines: Line[] = [];
  let pieces: StyledText[] = [];
  let bold = 0;
  let italic = 0;
  /** the open link's address (as httpHref gives it), '' outside links */
  let href = '';
  let quoteDepth = 0;
  let dashQuote = false;
  let lineQuoted = false;
  let lineStart = true;

  const endLine = () => {
    const plain = pieces.map((piece) => piece.text).join('');
    if (/^\s*-{20,}\s*$/.test(plain)) dashQuote = !dashQuote; // the chat's dashed quote block opens or closes
    else lines.push({ kind: 'text', quoted: lineQuoted || quoteDepth > 0 || dashQuote, pieces });
    pieces = [];
    lineQuoted = false;
    lineStart = true;
  };
  const endLineIfAny = () => {
    if (pieces.length > 0 || lineQuoted) endLine();
  };
  const add = (value: string) => {
    const parts = value.replace(/#BR#|\r\n?/gi, '\n').split('\n');
    parts.forEach((part, index) => {
      if (index > 0) endLine();
      let shown = part;
      if (lineStart) {
        let at = 0;
        while (at < shown.length && isSpace(shown.charCodeAt(at))) at++;
        if (shown.startsWith('>>', at)) {
          lineQuoted = true;
          shown = shown.slice(at + 2);
        }
        if (shown !== '') lineStart = false;
      }
      if (shown !== '') pieces.push({ text: shown, bold: bold > 0, italic: italic > 0, href });
    });
  };
  const apply = (tag: Tag) => {
    const step = tag.closing ? -1 : 1;
    switch (tag.name) {
      case 'b':
        bold = Math.max(0, bold + step);
        break;
      case 'i':
        italic = Math.max(0, italic + step);
        break;
      case 'url':
        // Links do not nest: one runs to the first [/URL] (as the chat's own parser reads them), and a [URL]
        // inside it is no link. Resuming an outer link after an inner one would write its address again
        // for every inner link, thousands of times over for one long address.
        if (tag.closing) href = '';
        else if (href === '') href = (tag.value && httpHref(tag.value)) || '';
        break;
      case 'quote':
        endLineIfAny();
        quoteDepth = Math.max(0, quoteDepth + step);
        break;
      case 'br':
        endLine();
        break;
      case 'timestamp':
        if (!tag.closing) add(timestampText(tag.value));
        break;
      // transparent and dropped tags: nothing to do
    }
  };

  const codeEnd = codeEnds(text);
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('[', i);
    if (open === -1) {
      add(text.slice(i));
      break;
    }
    textWork.steps += open - i + 1;
    const tag = tagAt(text, open);
    const close = tag?.name === 'code' && !tag.closing ? codeEnd(tag.end) : -1;
    if (!tag || (tag.name === 'code' && close === -1)) {
      add(text.slice(i, open + 1)); // not a tag: the bracket is text
      i = open + 1;
      continue;
    }
    add(text.slice(i, open));
    if (tag.name === 'code') {
      endLineIfAny();
      lines.push({ kind: 'code', quoted: quoteDepth > 0 || dashQuote, text: text.slice(tag.end, close).replace(/^\r?\n/, '').replace(/\r?\n$/, '') });
      i = close + '[/code]'.length;
      lineStart = true;
      continue;
    }
    apply(tag);
    i = tag.end;
  }
  endLineIfAny();
  return lines;
}

/** `[TIMESTAMP=1712345678 ...]` as the date and time it names (UTC). */
function timestampText(value: string): string {
  const seconds = /^\d{1,12}/.exec(value)?.[0];
  if (seconds === undefined) return '';
  const date = new Date(Number(seconds) * 1000);
  return Number.isNaN(date.getTime()) ? '' : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The first line a reader sees (quotes only when there is nothing else), white space folded, cut to fit. */
function titleOf(lines: Line[]): string {
  const visible = (line: Line) => (line.kind === 'code' ? (line.text.split('\n').find((part) => part.trim() !== '') ?? '') : line.pieces.map((piece) => piece.text).join(''));
  const candidates = [...lines.filter((line) => !line.quoted && line.kind === 'text'), ...lines];
  const first = candidates.map(visible).find((text) => text.trim() !== '') ?? '';
  const folded = first.replace(/\s+/g, ' ').trim();
  const chars = [...folded];
  if (chars.length <= maxSuggestedTitleLength) return folded;
  const cut = chars.slice(0, maxSuggestedTitleLength - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > cut.length - 40 ? cut.slice(0, space) : cut}…`;
}

/** A chat line that is a list item: `1. `, `2) `, `- `, `* `, `+ ` or `• ` and then its text. */
interface ListItem {
  ordered: boolean;
  number: number;
  /** `.` or `)` after the number, `-` for bullets */
  delimiter: string;
  /** where the item's text starts in the line's text */
  contentStart: number;
}

const listLine = /^[ \t]*(?:(\d{1,9})([.)])|([-*+\u2022]))[ \t]+(?=\S)/;

function listItemOf(plain: string): ListItem | null {
  const match = listLine.exec(plain.slice(0, 32));
  if (!match) return null;
  return match[1] === undefined
    ? { ordered: false, number: 0, delimiter: '-', contentStart: match[0].length }
    : { ordered: true, number: Number(match[1]), delimiter: match[2]!, contentStart: match[0].length };
}

/** A line's pieces from `from` on (the list item's text without its marker). */
function piecesFrom(pieces: StyledText[], from: number): StyledText[] {
  const out: StyledText[] = [];
  let at = 0;
  for (const piece of pieces) {
    const end = at + piece.text.length;
    if (end > from) out.push(at >= from ? piece : { ...piece, text: piece.text.slice(from - at) });
    at = end;
  }
  return out;
}

/** One line of the article's Markdown to be, with the plain text shown instead when it is cut. */
interface OutLine {
  kind: 'text' | 'item' | 'blank' | 'code';
  quoted: boolean;
  markdown: string;
  plain: string;
}

/**
 * The lines as Markdown blocks: runs of text lines are paragraphs, chat lines that are list items lists
 * (numbered ones only while their numbers count up one by one, so the list shows the numbers the message
 * had; other numbered lines stay text), code lines code blocks, quoted ones behind `> `.
 */
function planMarkdown(lines: Line[]): OutLine[] {
  const plainOf = (line: Line) => (line.kind === 'code' ? line.text : line.pieces.map((piece) => piece.text).join(''));
  const items = lines.map((line) => (line.kind === 'text' ? listItemOf(plainOf(line)) : null));
  // Numbered lines that do not count up stay text.
  for (let i = 0; i < lines.length; ) {
    const first = items[i];
    if (!first?.ordered) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < lines.length && items[end]?.ordered && items[end]!.delimiter === first.delimiter && lines[end]!.quoted === lines[i]!.quoted) end++;
    let counts = true;
    for (let k = i + 1; k < end && counts; k++) counts = items[k]!.number === items[k - 1]!.number + 1;
    if (!counts) items.fill(null, i, end);
    i = end;
  }

  const out: OutLine[] = [];
  let paragraph: StyledText[][] = [];
  let paragraphQuoted = false;
  const last = () => out[out.length - 1];
  const blank = (quoted: boolean) => out.push({ kind: 'blank', quoted, markdown: '', plain: '' });
  const flush = () => {
    if (paragraph.length === 0) return;
    // A line right after a list item would continue the item's text.
    if (last()?.kind === 'item' && last()!.quoted === paragraphQuoted) blank(paragraphQuoted);
    const written = styledParagraphMarkdown(paragraph);
    written.forEach((markdown, index) => out.push({ kind: 'text', quoted: paragraphQuoted, markdown, plain: paragraph[index]!.map((piece) => piece.text).join('') }));
    paragraph = [];
  };
  lines.forEach((line, index) => {
    textWork.steps++;
    const plain = plainOf(line);
    if (line.kind === 'code') {
      flush();
      out.push({ kind: 'code', quoted: line.quoted, markdown: fencedCode(line.text), plain: line.text.replace(/\n/g, ' ') });
      return;
    }
    if (plain.trim() === '') {
      flush();
      blank(line.quoted);
      return;
    }
    const item = items[index];
    if (!item) {
      if (paragraph.length > 0 && paragraphQuoted !== line.quoted) flush();
      paragraphQuoted = line.quoted;
      paragraph.push(line.pieces);
      return;
    }
    flush();
    // A numbered item not starting at 1 does not end a paragraph before it.
    if (item.ordered && item.number !== 1 && last()?.kind === 'text' && last()!.quoted === line.quoted) blank(line.quoted);
    const [content] = styledParagraphMarkdown([piecesFrom(line.pieces, item.contentStart)]);
    out.push({ kind: 'item', quoted: line.quoted, markdown: `${item.ordered ? `${item.number}${item.delimiter}` : '-'} ${content}`, plain });
  });
  flush();
  return out;
}

/** The lines as Markdown: quoted ones behind `> `, runs of blank lines as one, within maxLength. */
function writeMarkdown(lines: Line[], maxLength: number): string {
  const out: string[] = [];
  let length = 0;
  let previousBlank = true;
  for (const line of planMarkdown(lines)) {
    textWork.steps++;
    const prefix = line.quoted ? '> ' : '';
    const blank = line.kind === 'blank';
    if (blank && previousBlank) continue;
    const text = line.markdown.split('\n').map((part) => (prefix + part).trimEnd()).join('\n');
    const room = maxLength - length - (out.length > 0 ? 1 : 0) - 1;
    if (text.length <= room) {
      out.push(text);
      length += text.length + (out.length > 1 ? 1 : 0);
      previousBlank = blank;
      continue;
    }
    // What does not fit: the line's plain text, cut so that even escaped it fits, then "…". Its escaped
    // backticks read as single ones: a blank line keeps them from closing a code span above.
    const apart = !previousBlank && line.plain.includes('`') ? `${prefix.trimEnd()}\n` : '';
    const space = room - apart.length;
    if (space < prefix.length + 1) {
      if (room >= 0) out.push('…');
      break;
    }
    let cut = Math.floor((space - prefix.length - 1) / 2);
    if (cut > 0 && line.plain.charCodeAt(cut - 1) >= 0xd800 && line.plain.charCodeAt(cut - 1) <= 0xdbff) cut--;
    out.push(`${apart}${prefix}${blockSafe(escapeText(line.plain.slice(0, cut)))}…`);
    break;
  }
  return out.join('\n').replace(/\n+$/, '');
}
