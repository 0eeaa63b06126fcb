import { codeOf, isPunctuation, isSpace } from './characters';
import { bareUrlEnd, bareUrlStartsAt, httpHref } from './httpUrls';
import { parseInline } from './parseInline';
import { textWork } from './textWork';

/** A piece of one line of text as a reader sees it, with the formatting it has. */
export interface StyledText {
  text: string;
  bold: boolean;
  italic: boolean;
  /** the http(s) address the piece links to (as httpHref gives it), '' for none */
  href: string;
}

/**
 * One line of styled text as Markdown that shows exactly that: the same characters, bold, italic and links
 * where they were, and nothing else. Characters that would be markup are escaped, and the result is checked
 * by parsing it back: formatting that Markdown cannot write faithfully (bold ending in punctuation right
 * before a letter, say) is dropped, the text never. The line never starts a block (heading, list, quote,
 * code fence). Linear in the line's length.
 */
export function styledLineMarkdown(pieces: StyledText[]): string {
  const plain = pieces.map((piece) => ({ ...piece, bold: false, italic: false }));
  const unlinked = plain.map((piece) => ({ ...piece, href: '' }));
  for (const attempt of [pieces, plain, unlinked]) {
    const markdown = writeLine(attempt);
    const links: LinkNumbers = new Map();
    if (parsedSignature(markdown, links) === intendedSignature(attempt, links)) return blockSafe(markdown);
  }
  // Not expected to be reached: with every punctuation character escaped, a line is plain text.
  return blockSafe(unlinked.map((piece) => piece.text).join('').replace(/[!-/:-@[-`{-~]/g, (char) => `\\${char}`));
}

/**
 * What a reader sees, character by character with its formatting, leading and trailing white space left
 * out (a line's edges do not show). Bold and italic count for letters and digits only: on white space and
 * punctuation they hardly show, and Markdown cannot always put them there. A link is named by its number
 * (LinkNumbers), never by its address: an address of 2,000 characters on each of 20,000 characters would
 * make a signature of 40 million.
 */
function signature(chars: string[], marks: Mark[]): string {
  let start = 0;
  let end = chars.length;
  while (start < end && isSpace(chars[start]!.charCodeAt(0))) start++;
  while (end > start && isSpace(chars[end - 1]!.charCodeAt(0))) end--;
  let out = '';
  for (let i = start; i < end; i++) {
    const char = chars[i]!;
    const plain = isSpace(char.charCodeAt(0)) || isPunctuation(char);
    out += `${char}${plain ? '' : marks[i]!.style}${marks[i]!.link}|`;
  }
  textWork.steps += chars.length;
  return out;
}

interface Mark {
  style: string;
  /** the link's number (LinkNumbers), 0 for none */
  link: number;
}

const markOf = (bold: boolean, italic: boolean, link: number): Mark => ({ style: `${bold ? 'b' : ''}${italic ? 'i' : ''}`, link });

/** The addresses of one attempt's links, numbered from 1 in the order met: both signatures share one. */
type LinkNumbers = Map<string, number>;

/** The number of a link's address (as httpHref gives it), 0 for none; each address is read once. */
function linkNumber(links: LinkNumbers, href: string): number {
  if (href === '') return 0;
  let number = links.get(href);
  if (number === undefined) {
    number = links.size + 1;
    links.set(href, number);
    textWork.steps += href.length;
  }
  return number;
}

function intendedSignature(pieces: StyledText[], links: LinkNumbers): string {
  const chars: string[] = [];
  const marks: Mark[] = [];
  /** each piece's address as the parser will read it back, worked out once per address however many pieces share it */
  const numbers = new Map<string, number>();
  for (const piece of pieces) {
    let link = numbers.get(piece.href);
    if (link === undefined) {
      link = piece.href === '' ? 0 : linkNumber(links, httpHref(destinationOf(piece.href)) ?? '');
      numbers.set(piece.href, link);
      textWork.steps += piece.href.length;
    }
    const mark = markOf(piece.bold, piece.italic, link);
    for (let i = 0; i < piece.text.length; i++) {
      chars.push(piece.text[i]!);
      marks.push(mark);
    }
  }
  return signature(chars, marks);
}

function parsedSignature(markdown: string, links: LinkNumbers): string {
  const chars: string[] = [];
  const marks: Mark[] = [];
  let bold = 0;
  let italic = 0;
  const open: number[] = [];
  for (const inline of parseInline(markdown)) {
    if (inline.kind === 'open' || inline.kind === 'close') {
      const step = inline.kind === 'open' ? 1 : -1;
      if (inline.tag === 'strong') bold += step;
      else if (inline.tag === 'em') italic += step;
      else if (inline.kind === 'open') open.push(linkNumber(links, inline.href));
      else open.pop();
      continue;
    }
    const shown = inline.kind === 'break' ? '\n' : inline.text;
    const mark = markOf(bold > 0, italic > 0, open[open.length - 1] ?? 0);
    for (let i = 0; i < shown.length; i++) {
      chars.push(shown[i]!);
      marks.push(mark);
    }
  }
  return signature(chars, marks);
}

/** Pieces as Markdown: runs of equal formatting get one pair of marks, white space stays outside them. */
function writeLine(pieces: StyledText[]): string {
  let out = '';
  let last = NaN;
  let i = 0;
  while (i < pieces.length) {
    const href = pieces[i]!.href;
    let end = i;
    while (end < pieces.length && pieces[end]!.href === href) end++;
    // What comes before a link's text is its `[`.
    const runs = writeRuns(pieces.slice(i, end), href ? codeOf.openBracket : last, href !== '');
    const written = href ? `[${runs}](${destinationOf(href)})` : runs;
    if (written !== '') last = lastCode(written);
    out += written;
    i = end;
  }
  return out;
}

/**
 * The last character of a piece just written (NaN for none). Kept beside the growing string: reading the end
 * of a string built by appending would copy all of it each time.
 */
function lastCode(value: string): number {
  return value.charCodeAt(value.length - 1);
}

function writeRuns(pieces: StyledText[], before: number, inLink: boolean): string {
  let out = '';
  let previous = before;
  let i = 0;
  while (i < pieces.length) {
    const { bold, italic } = pieces[i]!;
    let text = '';
    for (; i < pieces.length && pieces[i]!.bold === bold && pieces[i]!.italic === italic; i++) text += pieces[i]!.text;
    const next = pieces[i]?.text.charCodeAt(0) ?? NaN;
    // Marks go around the letters: white space stays outside, and so does punctuation that touches a word
    // outside (`**bold.**word` would not be bold in Markdown; `**bold**.word` is).
    let start = 0;
    let end = text.length;
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    if (start === 0 && isWordCode(previous)) while (start < end && isPunctuation(text[start])) start++;
    if (end === text.length && isWordCode(next)) while (end > start && isPunctuation(text[end - 1])) end--;
    // Right after another run's `*`, underscores keep the two runs apart.
    const char = previous === codeOf.star ? '_' : '*';
    const marks = start === end ? '' : char.repeat((bold ? 2 : 0) + (italic ? 1 : 0));
    const written = `${escapeText(text.slice(0, start), inLink)}${marks}${escapeText(text.slice(start, end), inLink)}${marks}${escapeText(text.slice(end), inLink)}`;
    if (written !== '') previous = lastCode(written);
    out += written;
  }
  return out;
}

function isWordCode(code: number): boolean {
  return !Number.isNaN(code) && isWordLike(String.fromCharCode(code));
}

/**
 * Text as Markdown that shows it as it is: `*`, `` ` ``, `[`, `]` escaped, `\` before punctuation too, `_`
 * unless inside a word (where it cannot be emphasis), `<` before an `h` (an autolink). Bare http(s) URLs
 * outside links stay as they are: the parser reads them whole, as links.
 */
export function escapeText(text: string, inLink = false): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    textWork.steps++;
    if (!inLink && bareUrlStartsAt(text, i)) {
      const { end } = bareUrlEnd(text, i);
      if (httpHref(text.slice(i, end)) !== null) {
        out += text.slice(i, end);
        i = end;
        continue;
      }
    }
    out += needsEscape(text, i) ? `\\${text[i]}` : text[i];
    i++;
  }
  return out;
}

function needsEscape(text: string, i: number): boolean {
  switch (text.charCodeAt(i)) {
    case codeOf.star:
    case codeOf.backtick:
    case codeOf.openBracket:
    case codeOf.closeBracket:
      return true;
    case codeOf.backslash:
      return text.charCodeAt(i + 1) < 0x80 && isPunctuation(text[i + 1]);
    case codeOf.lessThan:
      return (text.charCodeAt(i + 1) | 0x20) === 0x68;
    case codeOf.underscore:
      return !(isWordLike(text[i - 1]) && isWordLike(text[i + 1]));
    default:
      return false;
  }
}

function isWordLike(char: string | undefined): boolean {
  return char !== undefined && !isSpace(char.charCodeAt(0)) && !isPunctuation(char);
}

/**
 * An address as a link destination the parser takes back whole: white space, brackets, angle brackets,
 * quotes, backticks and (when unbalanced) parentheses percent-encoded.
 */
function destinationOf(href: string): string {
  textWork.steps += href.length;
  let depth = 0;
  let balanced = true;
  for (let i = 0; i < href.length && balanced; i++) {
    const code = href.charCodeAt(i);
    if (code === codeOf.openParen) depth++;
    else if (code === codeOf.closeParen && --depth < 0) balanced = false;
  }
  const unsafe = balanced && depth === 0 ? /[\s[\]<>"`]/g : /[\s[\]<>"`()]/g;
  return href.replace(unsafe, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A line that would start a heading, list, quote or code fence, with its first mark escaped. */
export function blockSafe(line: string): string {
  let at = 0;
  while (line.charCodeAt(at) === codeOf.space || line.charCodeAt(at) === codeOf.tab) at++;
  const code = line.charCodeAt(at);
  const endsMarker = (index: number) => index >= line.length || line.charCodeAt(index) === codeOf.space || line.charCodeAt(index) === codeOf.tab;
  const escapeAt = (index: number) => `${line.slice(0, index)}\\${line.slice(index)}`;
  let hashes = at;
  while (hashes - at < 7 && line.charCodeAt(hashes) === codeOf.hash) hashes++;
  if (hashes > at && hashes - at <= 6 && endsMarker(hashes)) return escapeAt(at);
  if (code === codeOf.greaterThan || line.startsWith('~~~', at)) return escapeAt(at);
  if ((code === codeOf.dash || code === codeOf.plus || code === codeOf.star) && endsMarker(at + 1)) return escapeAt(at);
  let digits = at;
  while (digits - at < 10 && line.charCodeAt(digits) >= 0x30 && line.charCodeAt(digits) <= 0x39) digits++;
  const delimiter = line.charCodeAt(digits);
  if (digits > at && (delimiter === codeOf.dot || delimiter === codeOf.closeParen) && endsMarker(digits + 1)) return escapeAt(digits);
  return line;
}

/** A fenced code block showing `text` literally: its fence is longer than any run of backticks in it. */
export function fencedCode(text: string): string {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = text.charCodeAt(i) === codeOf.backtick ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  textWork.steps += text.length;
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}\n${text}\n${fence}`;
}
