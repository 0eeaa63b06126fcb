import { codeOf, isSpace } from './characters';
import { parseInline, type Inline } from './parseInline';
import { textWork } from './textWork';

export type { Inline } from './parseInline';

/**
 * The articles' Markdown subset as a tree: paragraphs (a newline inside one is a line break, as in the chat),
 * ATX headings (`#` to `######`), fenced code blocks (``` or ~~~), quotes (`>`), bulleted (`-`, `*`, `+`)
 * and numbered (`1.` or `1)`) lists, nested by indentation. Not in the subset (it stays text): raw HTML,
 * images, tables, setext headings, thematic breaks, indented code blocks, reference links, entities.
 */
export type Block =
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'heading'; level: number; inlines: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'quote'; blocks: Block[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][] };

/** Quotes and list items nested deeper than this stay text (with the marks the user typed). */
export const maxBlockDepth = 8;

/**
 * Parses Markdown into blocks. Each nesting level walks its lines once (a line inside k containers is
 * walked k + 1 times, k <= maxBlockDepth), and inline content is parsed once, so the work is linear in the
 * input.
 */
export function parseMarkdown(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, '\n').replace(/\0/g, '\ufffd').split('\n');
  textWork.steps += markdown.length;
  return parseBlocks(lines, 0);
}

interface ListMarker {
  ordered: boolean;
  /** the bullet character, or the delimiter (`.` or `)`) after the number */
  char: number;
  start: number;
  /** column where the item's content starts */
  contentColumn: number;
  /** whether anything follows the marker on its line, and where it starts */
  hasContent: boolean;
  contentIndex: number;
}

function parseBlocks(lines: string[], depth: number): Block[] {
  const blocks: Block[] = [];
  const containers = depth < maxBlockDepth;
  let i = 0;
  while (i < lines.length) {
    textWork.steps++;
    const line = lines[i]!;
    const indent = indentOf(line);
    if (indent.index === line.length) {
      i++;
      continue;
    }
    const first = line.charCodeAt(indent.index);
    if (indent.column <= 3) {
      const fence = fenceOf(line, indent.index);
      if (fence) {
        i = codeBlock(lines, i, indent.column, fence, blocks);
        continue;
      }
      if (headingLevel(line, indent.index) > 0) {
        blocks.push(heading(line, indent.index));
        i++;
        continue;
      }
      if (containers && first === codeOf.greaterThan) {
        i = quote(lines, i, depth, blocks);
        continue;
      }
      const marker = containers ? listMarkerOf(line, indent) : null;
      if (marker) {
        i = list(lines, i, depth, marker, blocks);
        continue;
      }
    }
    i = paragraph(lines, i, containers, blocks);
  }
  return blocks;
}

/**
 * White space from `from` (at column `column`): how many columns it reaches (a tab goes to the next multiple
 * of 4) and where the text after it starts.
 */
function indentOf(line: string, from = 0, startColumn = 0): { column: number; index: number } {
  let column = startColumn;
  let index = from;
  // Only spaces and tabs indent (as in CommonMark): a no-break space is text.
  for (; index < line.length; index++) {
    const code = line.charCodeAt(index);
    if (code === codeOf.space) column++;
    else if (code === codeOf.tab) column += 4 - (column % 4);
    else break;
  }
  textWork.steps += index - from;
  return { column, index };
}

/** The line without its first `columns` columns of indentation (a tab that straddles them is dropped). */
function dropColumns(line: string, columns: number): string {
  let column = 0;
  let index = 0;
  while (index < line.length && column < columns) {
    const code = line.charCodeAt(index);
    if (code === codeOf.space) column++;
    else if (code === codeOf.tab) column += 4 - (column % 4);
    else break;
    index++;
  }
  textWork.steps += index;
  return line.slice(index);
}

function isBlank(line: string): boolean {
  return indentOf(line).index === line.length;
}

interface Fence {
  char: number;
  length: number;
}

/** ``` or ~~~ (three or more) opening a code block; a backtick fence's info string has no backtick. */
function fenceOf(line: string, at: number): Fence | null {
  const char = line.charCodeAt(at);
  if (char !== codeOf.backtick && char !== codeOf.tilde) return null;
  let end = at;
  while (line.charCodeAt(end) === char) end++;
  if (end - at < 3) return null;
  if (char === codeOf.backtick && line.indexOf('`', end) !== -1) return null;
  textWork.steps += line.length - at;
  return { char, length: end - at };
}

/** A fenced code block: its lines up to a closing fence (or the end), literally. */
function codeBlock(lines: string[], from: number, indent: number, fence: Fence, blocks: Block[]): number {
  const content: string[] = [];
  let i = from + 1;
  for (; i < lines.length; i++) {
    textWork.steps++;
    const line = lines[i]!;
    const lineIndent = indentOf(line);
    if (lineIndent.column <= 3 && closesFence(line, lineIndent.index, fence)) {
      i++;
      break;
    }
    content.push(dropColumns(line, indent));
  }
  blocks.push({ kind: 'code', text: content.join('\n') });
  return i;
}

function closesFence(line: string, at: number, fence: Fence): boolean {
  let end = at;
  while (line.charCodeAt(end) === fence.char) end++;
  if (end - at < fence.length) return false;
  textWork.steps += line.length - at;
  return indentOf(line.slice(end)).index === line.length - end;
}

/** `#` to `######`, then white space or the end of the line: the heading's level, else 0. */
function headingLevel(line: string, at: number): number {
  let level = 0;
  while (level <= 6 && line.charCodeAt(at + level) === codeOf.hash) level++;
  if (level === 0 || level > 6) return 0;
  const after = line.charCodeAt(at + level);
  return at + level === line.length || after === codeOf.space || after === codeOf.tab ? level : 0;
}

/** A heading's text: without the white space around it and without a closing run of `#`. */
function heading(line: string, at: number): Block {
  const level = headingLevel(line, at);
  let end = line.length;
  while (end > at + level && isSpace(line.charCodeAt(end - 1))) end--;
  let hashes = end;
  while (hashes > at + level && line.charCodeAt(hashes - 1) === codeOf.hash) hashes--;
  if (hashes === at + level || isSpace(line.charCodeAt(hashes - 1))) end = hashes;
  let start = at + level;
  while (start < end && isSpace(line.charCodeAt(start))) start++;
  while (end > start && isSpace(line.charCodeAt(end - 1))) end--;
  textWork.steps += line.length - at;
  return { kind: 'heading', level, inlines: parseInline(line.slice(start, end)) };
}

/** Consecutive lines starting with `>` (one space after it is part of the mark), parsed as their own blocks. */
function quote(lines: string[], from: number, depth: number, blocks: Block[]): number {
  const inner: string[] = [];
  let i = from;
  for (; i < lines.length; i++) {
    textWork.steps++;
    const line = lines[i]!;
    const indent = indentOf(line);
    if (indent.column > 3 || line.charCodeAt(indent.index) !== codeOf.greaterThan) break;
    const after = line.charCodeAt(indent.index + 1);
    inner.push(line.slice(indent.index + (after === codeOf.space || after === codeOf.tab ? 2 : 1)));
  }
  blocks.push({ kind: 'quote', blocks: parseBlocks(inner, depth + 1) });
  return i;
}

/** `-`, `*` or `+`, or 1 to 9 digits and `.` or `)`, then white space or the end of the line. */
function listMarkerOf(line: string, indent: { column: number; index: number }): ListMarker | null {
  const at = indent.index;
  const first = line.charCodeAt(at);
  let end = at;
  let ordered = false;
  let start = 1;
  if (first === codeOf.dash || first === codeOf.star || first === codeOf.plus) end = at + 1;
  else {
    while (end - at < 9 && line.charCodeAt(end) >= 0x30 && line.charCodeAt(end) <= 0x39) end++;
    const delimiter = line.charCodeAt(end);
    if (end === at || (delimiter !== codeOf.dot && delimiter !== codeOf.closeParen)) return null;
    ordered = true;
    start = Number(line.slice(at, end));
    end++;
  }
  if (end < line.length && line.charCodeAt(end) !== codeOf.space && line.charCodeAt(end) !== codeOf.tab) return null;
  const markerColumn = indent.column + (end - at);
  const after = indentOf(line, end, markerColumn);
  const hasContent = after.index < line.length;
  // Up to four spaces after the marker set the content's column; more (or none) count as one.
  const spaces = after.column - markerColumn;
  const gap = hasContent && spaces >= 1 && spaces <= 4 ? spaces : 1;
  textWork.steps += end - at;
  return {
    ordered,
    char: ordered ? line.charCodeAt(end - 1) : first,
    start,
    contentColumn: markerColumn + gap,
    hasContent,
    contentIndex: gap === spaces ? after.index : Math.min(end + 1, line.length),
  };
}

/**
 * Items of one list: each item is its marker line and the lines indented to its content column after it
 * (blank lines inside included), plus lines that lazily continue its paragraph; the item's lines are then
 * parsed as blocks one level deeper. The list goes on while the next item has the same kind of marker.
 */
function list(lines: string[], from: number, depth: number, marker: ListMarker, blocks: Block[]): number {
  const items: Block[][] = [];
  let current: ListMarker | null = marker;
  let i = from;
  while (current) {
    const itemLines = [current.hasContent ? lines[i]!.slice(current.contentIndex) : ''];
    i++;
    let previousBlank = !current.hasContent;
    while (i < lines.length) {
      textWork.steps++;
      const line = lines[i]!;
      const indent = indentOf(line);
      if (indent.index === line.length) {
        // Blank lines belong to the item only when it goes on after them.
        let next = i + 1;
        while (next < lines.length && isBlank(lines[next]!)) next++;
        if (next >= lines.length || indentOf(lines[next]!).column < current.contentColumn) break;
        for (; i < next; i++) itemLines.push('');
        previousBlank = true;
        continue;
      }
      if (indent.column >= current.contentColumn) itemLines.push(dropColumns(line, current.contentColumn));
      else if (!previousBlank && !startsBlock(line, indent) && !(indent.column <= 3 && listMarkerOf(line, indent))) {
        itemLines.push(line.slice(indent.index)); // lazily continues the item's paragraph
      }
      else break;
      previousBlank = false;
      i++;
    }
    items.push(parseBlocks(itemLines, depth + 1));
    let next = i;
    while (next < lines.length && isBlank(lines[next]!)) next++;
    current = null;
    if (next < lines.length) {
      const indent = indentOf(lines[next]!);
      const following = indent.column <= 3 ? listMarkerOf(lines[next]!, indent) : null;
      if (following && following.ordered === marker.ordered && following.char === marker.char) {
        current = following;
        i = next;
      }
    }
  }
  blocks.push({ kind: 'list', ordered: marker.ordered, start: marker.start, items });
  return i;
}

/** Whether a line starts a block that ends a paragraph before it (an indented line never does). */
function startsBlock(line: string, indent: { column: number; index: number }): boolean {
  if (indent.column > 3) return false;
  const first = line.charCodeAt(indent.index);
  if (first === codeOf.greaterThan || fenceOf(line, indent.index) || headingLevel(line, indent.index) > 0) return true;
  const marker = listMarkerOf(line, indent);
  // As in CommonMark: an empty item, or a numbered one not starting at 1, does not interrupt a paragraph.
  return marker !== null && marker.hasContent && (!marker.ordered || marker.start === 1);
}

/** Lines up to a blank line or a line that starts another block; leading white space of each line is dropped. */
function paragraph(lines: string[], from: number, containers: boolean, blocks: Block[]): number {
  const text: string[] = [lines[from]!.slice(indentOf(lines[from]!).index)];
  let i = from + 1;
  for (; i < lines.length; i++) {
    textWork.steps++;
    const line = lines[i]!;
    const indent = indentOf(line);
    if (indent.index === line.length) break;
    if (containers ? startsBlock(line, indent) : startsLeafBlock(line, indent)) break;
    text.push(line.slice(indent.index));
  }
  blocks.push({ kind: 'paragraph', inlines: parseInline(trimLineEnds(text).join('\n')) });
  return i;
}

/** Below maxBlockDepth only code blocks and headings end a paragraph: quote and list marks are text there. */
function startsLeafBlock(line: string, indent: { column: number; index: number }): boolean {
  return indent.column <= 3 && (fenceOf(line, indent.index) !== null || headingLevel(line, indent.index) > 0);
}

function trimLineEnds(lines: string[]): string[] {
  return lines.map((line) => {
    let end = line.length;
    while (end > 0 && isSpace(line.charCodeAt(end - 1))) end--;
    textWork.steps += line.length - end + 1;
    return end === line.length ? line : line.slice(0, end);
  });
}
