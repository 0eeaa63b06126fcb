import { codeOf, isPunctuation, isSpace } from './characters';
import { bareUrlEnd, bareUrlStartsAt, httpHref, schemeLength } from './httpUrls';
import { emphasisFlanks, parseInline } from './parseInline';
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
 * The lines of one paragraph (lines that follow each other with no blank line between) as Markdown lines
 * that show exactly them, as styledLineMarkdown does, but with a backslash only where the character would
 * otherwise be read as markup in that paragraph: `*stars*` and `_this_` get them, a lone `*`, `snake_case`,
 * `2*3`, a single backtick or `C:\Users` do not. Emphasis and code spans may pair across the paragraph's
 * lines, so it is decided for all of them at once; the result is checked by parsing it back, and when it
 * would not show the lines exactly, each line is written as styledLineMarkdown writes it (everything that
 * could be markup escaped). Linear in the paragraph's length.
 */
export function styledParagraphMarkdown(lines: StyledText[][]): string[] {
  const paragraph = paragraphText(lines);
  const escapes = minimalEscapes(paragraph);
  const written: string[] = [];
  let offset = 0;
  for (const line of lines) {
    written.push(blockSafe(writeLine(line, (index) => escapes[index] === 1, offset).trimEnd()));
    for (const piece of line) offset += piece.text.length;
    offset++; // the line's `\n`
  }
  return showsExactly(written, lines) ? written : lines.map((line) => blockSafe(styledLineMarkdown(line).trimEnd()));
}

/** A paragraph's text (its lines joined by `\n`) and, for each character, what surrounds it when written. */
interface ParagraphText {
  text: string;
  /** a number for each character's formatting (bold, italic, link), -1 for the `\n` between lines */
  format: Int32Array;
  styled: Uint8Array;
  linked: Uint8Array;
}

function paragraphText(lines: StyledText[][]): ParagraphText {
  const parts: string[] = [];
  const formats: { piece: StyledText; length: number }[] = [];
  lines.forEach((line, index) => {
    if (index > 0) {
      parts.push('\n');
      formats.push({ piece: { text: '\n', bold: false, italic: false, href: '' }, length: -1 });
    }
    for (const piece of line) {
      parts.push(piece.text);
      formats.push({ piece, length: piece.text.length });
    }
  });
  const text = parts.join('');
  const format = new Int32Array(text.length);
  const styled = new Uint8Array(text.length);
  const linked = new Uint8Array(text.length);
  const numbers = new Map<string, number>();
  let at = 0;
  for (const { piece, length } of formats) {
    const key = `${piece.bold ? 'b' : ''}${piece.italic ? 'i' : ''}|${piece.href}`;
    let number = numbers.get(key);
    if (number === undefined) numbers.set(key, (number = numbers.size));
    const end = at + Math.abs(length);
    format.fill(length < 0 ? -1 : number, at, end);
    if (piece.bold || piece.italic) styled.fill(1, at, end);
    if (piece.href !== '') linked.fill(1, at, end);
    at = end;
  }
  textWork.steps += text.length;
  return { text, format, styled, linked };
}

/**
 * Which characters of the paragraph need a backslash (1) so that its Markdown shows them as text, escaping
 * as few as the parser (parseInline) allows. Inside link texts, and where marks will be written (the white
 * space and punctuation around a change of formatting), every character that could be markup is escaped;
 * elsewhere only:
 * - runs of `*` or `_` that could pair as emphasis, as few of them as it takes (fewestEmphasisEscapes); inside
 *   bold or italic text any run that can open or close, since the marks around it could pair with it;
 * - a run of backticks when another run of that length could close it as a code span, or that starts a line
 *   with three or more (a code fence); once any backtick is escaped, single backticks too (an escaped run reads
 *   as single backticks to the parser's code span search);
 * - `\` before ASCII punctuation or a mark; `]` that would end a link (`](http…` after a `[`); `<` that would
 *   start an autolink (`<http…`).
 */
function minimalEscapes({ text, format, styled, linked }: ParagraphText): Uint8Array {
  const escapes = new Uint8Array(text.length);
  const n = text.length;
  const boundaryAt = (i: number) => i > 0 && i < n && format[i] !== -1 && format[i - 1] !== -1 && format[i] !== format[i - 1];
  const isWordAt = (i: number) => i >= 0 && i < n && isWordLike(text[i]);

  // Around a change of formatting: the white space and punctuation the marks go into.
  const nearMarks = new Uint8Array(n);
  for (let start = 0; start < n; ) {
    let end = start;
    while (end < n && !isWordAt(end)) end++;
    let touches = false;
    for (let i = start; i <= end && !touches; i++) touches = boundaryAt(i);
    if (touches) nearMarks.fill(1, start, end);
    textWork.steps += end - start + 1;
    start = end + 1;
  }

  // Runs of `*`, `_` and backticks.
  const runs: Run[] = [];
  let openBracketSeen = false;
  for (let i = 0; i < n; ) {
    textWork.steps++;
    const code = text.charCodeAt(i);
    if (linked[i] === 0 && bareUrlStartsAt(text, i)) {
      // A bare URL is written as it is (escapeText) and read whole: nothing in it is markup. What only looks
      // like one the parser reads as plain text up to where its scan stopped (parseInline), so that goes too:
      // nothing in it is looked at twice.
      const { end, scanned } = bareUrlEnd(text, i);
      const href = end > i + schemeLength(text, i) ? httpHref(text.slice(i, end)) : null;
      i = href === null ? Math.max(scanned, i + 1) : end;
      continue;
    }
    if (code === codeOf.star || code === codeOf.underscore || code === codeOf.backtick) {
      let end = i;
      while (text.charCodeAt(end) === code) end++;
      let forced = false;
      for (let k = i; k < end; k++) forced ||= linked[k] === 1 || nearMarks[k] === 1;
      let canOpen = false;
      let canClose = false;
      if (code !== codeOf.backtick) {
        ({ canOpen, canClose } = emphasisFlanks(code === codeOf.star ? '*' : '_', text.charCodeAt(i - 1), text.charCodeAt(end)));
        let inStyle = false;
        for (let k = i; k < end; k++) inStyle ||= styled[k] === 1;
        forced ||= inStyle && (canOpen || canClose);
      } else {
        let lineStart = i;
        while (lineStart > 0 && (text.charCodeAt(lineStart - 1) === codeOf.space || text.charCodeAt(lineStart - 1) === codeOf.tab)) lineStart--;
        textWork.steps += i - lineStart;
        forced ||= end - i >= 3 && (lineStart === 0 || text.charCodeAt(lineStart - 1) === codeOf.newline);
      }
      textWork.steps += end - i;
      runs.push({ index: runs.length, start: i, end, char: code, forced, canOpen, canClose });
      i = end;
      continue;
    }
    if (linked[i] === 1) escapes[i] = needsEscape(text, i) || (code === codeOf.backslash && boundaryAt(i + 1)) ? 1 : 0;
    else if (code === codeOf.backslash) escapes[i] = (text.charCodeAt(i + 1) < 0x80 && isPunctuation(text[i + 1])) || boundaryAt(i + 1) ? 1 : 0;
    else if (code === codeOf.lessThan) escapes[i] = schemeLength(text, i + 1) > 0 || boundaryAt(i + 1) ? 1 : 0;
    else if (code === codeOf.openBracket) openBracketSeen = true;
    else if (code === codeOf.closeBracket && openBracketSeen) escapes[i] = endsLink(text, i) || boundaryAt(i + 1) ? 1 : 0;
    i++;
  }

  const escapedRun = new Uint8Array(runs.length);
  for (const char of [codeOf.star, codeOf.underscore]) fewestEmphasisEscapes(runs.filter((run) => run.char === char), escapedRun);

  // Code spans: a run closes at the next run of exactly its length.
  const lengths = new Map<number, number>();
  for (const run of runs) if (run.char === codeOf.backtick && !run.forced) lengths.set(run.end - run.start, (lengths.get(run.end - run.start) ?? 0) + 1);
  let anyBacktick = false;
  runs.forEach((run, index) => {
    if (run.char !== codeOf.backtick) return;
    if (run.forced || (lengths.get(run.end - run.start) ?? 0) > 1) {
      escapedRun[index] = 1;
      anyBacktick = true;
    }
  });
  runs.forEach((run, index) => {
    if (run.char === codeOf.backtick && anyBacktick && run.end - run.start === 1) escapedRun[index] = 1;
    if (escapedRun[index] === 1) escapes.fill(1, run.start, run.end);
  });
  return escapes;
}

/** A run of `*`, `_` or backticks in a paragraph's text. */
interface Run {
  index: number;
  start: number;
  end: number;
  char: number;
  /** escaped whatever the other runs are (in a link's text, next to marks, a fence) */
  forced: boolean;
  canOpen: boolean;
  canClose: boolean;
}

/**
 * Escapes as few runs of one character as it takes for no run left unescaped to be able to open emphasis
 * that a later unescaped run could close: the unescaped runs that can close must all come before those that
 * can open (one run that can do both may stand between them). Found in one pass over the runs (two running
 * totals: "no opener kept yet" and "an opener kept"); of equal choices the opener is escaped (`\*stars*`).
 */
function fewestEmphasisEscapes(runs: Run[], escapedRun: Uint8Array): void {
  // The fewest escapes so far with no opener kept (none) and with one kept (kept); turned[k]: whether `kept`
  // after run k came from keeping run k as the first opener.
  let none = 0;
  let kept = Infinity;
  const turned = new Uint8Array(runs.length);
  runs.forEach((run, k) => {
    textWork.steps++;
    if (run.forced) return;
    const stay = kept + (run.canClose ? 1 : 0);
    const turn = run.canOpen ? none : Infinity;
    turned[k] = turn < stay ? 1 : 0;
    kept = Math.min(stay, turn);
    none += run.canOpen ? 1 : 0;
  });
  let keptOpener = kept < none;
  for (let k = runs.length - 1; k >= 0; k--) {
    const run = runs[k]!;
    if (run.forced) escapedRun[run.index] = 1;
    else if (!keptOpener) escapedRun[run.index] = run.canOpen ? 1 : 0;
    else if (turned[k] === 0) escapedRun[run.index] = run.canClose ? 1 : 0;
    else keptOpener = false; // the first opener kept
  }
}

/** Whether the `]` at `at` is followed by `(` and an http(s) address: a link's end, after a `[`. */
function endsLink(text: string, at: number): boolean {
  if (text.charCodeAt(at + 1) !== codeOf.openParen) return false;
  let i = at + 2;
  while (text.charCodeAt(i) === codeOf.space || text.charCodeAt(i) === codeOf.tab) i++;
  return schemeLength(text, i) > 0;
}

/** Whether the paragraph's Markdown lines, read back as the parser reads a paragraph, show exactly the lines. */
function showsExactly(written: string[], lines: StyledText[][]): boolean {
  const links: LinkNumbers = new Map();
  const parsed = parsedLineSignatures(written.map(paragraphLine).join('\n'), links);
  return parsed.length === lines.length && lines.every((line, index) => intendedSignature(line, links) === parsed[index]);
}

/** A line as a paragraph holds it: without the spaces and tabs before it and the white space after it. */
function paragraphLine(line: string): string {
  let start = 0;
  while (line.charCodeAt(start) === codeOf.space || line.charCodeAt(start) === codeOf.tab) start++;
  let end = line.length;
  while (end > start && isSpace(line.charCodeAt(end - 1))) end--;
  return line.slice(start, end);
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
  return parsedLineSignatures(markdown, links).join('\n|');
}

/** The signature of each line the parsed Markdown shows (a line break parts them). */
function parsedLineSignatures(markdown: string, links: LinkNumbers): string[] {
  const lines: string[] = [];
  let chars: string[] = [];
  let marks: Mark[] = [];
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
    if (inline.kind === 'break') {
      lines.push(signature(chars, marks));
      chars = [];
      marks = [];
      continue;
    }
    const mark = markOf(bold > 0, italic > 0, open[open.length - 1] ?? 0);
    for (let i = 0; i < inline.text.length; i++) {
      chars.push(inline.text[i]!);
      marks.push(mark);
    }
  }
  lines.push(signature(chars, marks));
  return lines;
}

/**
 * Which characters of a paragraph's text (by their index in it, lines joined by `\n`) need a backslash;
 * without it, every character that could be markup gets one (needsEscape).
 */
type Escapes = (index: number) => boolean;

/** Pieces as Markdown: runs of equal formatting get one pair of marks, white space stays outside them. */
function writeLine(pieces: StyledText[], escapes?: Escapes, offset = 0): string {
  let out = '';
  let at = offset;
  let last = NaN;
  let i = 0;
  while (i < pieces.length) {
    const href = pieces[i]!.href;
    let end = i;
    while (end < pieces.length && pieces[end]!.href === href) end++;
    // What comes before a link's text is its `[`.
    const run = pieces.slice(i, end);
    const runs = writeRuns(run, href ? codeOf.openBracket : last, href !== '', escapes, at);
    for (const piece of run) at += piece.text.length;
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

function writeRuns(pieces: StyledText[], before: number, inLink: boolean, escapes: Escapes | undefined, offset: number): string {
  let out = '';
  let at = offset;
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
    const escaped = (from: number, to: number) => escapeText(text.slice(from, to), inLink, escapes, at + from);
    const written = `${escaped(0, start)}${marks}${escaped(start, end)}${marks}${escaped(end, text.length)}`;
    at += text.length;
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
 * outside links stay as they are: the parser reads them whole, as links. With `escapes`, its answers (for the
 * paragraph's characters from `offset` on) decide instead.
 */
export function escapeText(text: string, inLink = false, escapes?: Escapes, offset = 0): string {
  let out = '';
  let i = 0;
  /** up to here, what only looked like a URL: the parser reads it as text, and it is not scanned again */
  let noUrlUntil = 0;
  while (i < text.length) {
    textWork.steps++;
    if (!inLink && i >= noUrlUntil && bareUrlStartsAt(text, i)) {
      const { end, scanned } = bareUrlEnd(text, i);
      if (httpHref(text.slice(i, end)) !== null) {
        out += text.slice(i, end);
        i = end;
        continue;
      }
      noUrlUntil = scanned;
    }
    out += (escapes ? escapes(offset + i) : needsEscape(text, i)) ? `\\${text[i]}` : text[i];
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
