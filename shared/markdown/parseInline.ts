import { codeOf, isAsciiPunctuation, isPunctuation, isSpace } from './characters';
import { bareUrlEnd, bareUrlStartsAt, endsBareUrl, httpHref, schemeLength } from './httpUrls';
import { textWork } from './textWork';

/**
 * The inline content of a paragraph or heading, as a flat list: text, code spans, line breaks and autolinks,
 * with `open`/`close` marks around emphasis, strong emphasis and links. The marks are always well nested,
 * never deeper than `maxInlineDepth`, and a link never holds another link or an autolink.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'break' }
  | { kind: 'url'; href: string; text: string }
  | { kind: 'open'; tag: 'em' | 'strong' | 'link'; href: string }
  | { kind: 'close'; tag: 'em' | 'strong' | 'link' };

/** Emphasis and links nested deeper than this stay text (with the marks the user typed). */
export const maxInlineDepth = 8;

/** A link's destination holds at most this many nested parentheses. */
const maxDestinationParens = 32;

/** A matched pair of marks: emphasis delimiters or a link's brackets. */
interface Pair {
  tag: 'em' | 'strong' | 'link';
  href: string;
  /** what the user typed for each side, shown when the pair stays text (nested too deep) */
  openText: string;
  closeText: string;
  literal: boolean;
}

interface Delimiter {
  kind: 'delimiter';
  char: '*' | '_';
  /** characters of the run not used by a pair */
  remaining: number;
  canOpen: boolean;
  canClose: boolean;
  /** pairs this run closes and opens, innermost first (opens are written in reverse) */
  closes: Pair[];
  opens: Pair[];
}

interface Bracket {
  kind: 'bracket';
  /** set once the bracket turned out to open a link */
  pair?: Pair;
}

type Token = Inline | Delimiter | Bracket | { kind: 'linkEnd'; pair: Pair };

/**
 * Parses a paragraph's text (lines joined by `\n`): code spans, backslash escapes, `*`/`_` emphasis (the
 * CommonMark flanking rules, without its "rule of three"), `[text](http…)` links, `<http…>` and bare http(s)
 * autolinks, and a line break for every newline. Everything else, raw HTML included, is text. Every
 * character is visited a bounded number of times.
 */
export function parseInline(text: string): Inline[] {
  const tokens = tokenize(text);
  matchEmphasis(tokens);
  limitDepth(tokens);
  return flatten(tokens);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const brackets: Bracket[] = [];
  const codeCloser = codeSpanCloser(text);
  let textStart = 0;
  let i = 0;
  const flush = (end: number) => {
    if (end > textStart) tokens.push({ kind: 'text', text: text.slice(textStart, end) });
  };
  const emit = (token: Token, next: number) => {
    tokens.push(token);
    i = next;
    textStart = next;
  };
  while (i < text.length) {
    textWork.steps++;
    const code = text.charCodeAt(i);
    if (code === codeOf.backslash) {
      const next = text.charCodeAt(i + 1);
      if (isAsciiPunctuation(next)) {
        flush(i);
        emit({ kind: 'text', text: text[i + 1]! }, i + 2);
      } else i++;
    } else if (code === codeOf.backtick) {
      let run = i;
      while (text.charCodeAt(run) === codeOf.backtick) run++;
      const length = run - i;
      const closer = codeCloser(length, run);
      if (closer === -1) {
        i = run; // the backticks stay text
        continue;
      }
      flush(i);
      emit({ kind: 'code', text: codeSpanText(text.slice(run, closer)) }, closer + length);
    } else if (code === codeOf.star || code === codeOf.underscore) {
      flush(i);
      let run = i;
      while (text.charCodeAt(run) === code) run++;
      emit(delimiter(text, i, run), run);
    } else if (code === codeOf.openBracket) {
      flush(i);
      const bracket: Bracket = { kind: 'bracket' };
      brackets.push(bracket);
      emit(bracket, i + 1);
    } else if (code === codeOf.closeBracket) {
      const opener = brackets.pop();
      const link = opener ? linkDestination(text, i) : null;
      if (!opener || !link) {
        i++; // stays text, and so does its opener
        continue;
      }
      flush(i);
      const pair: Pair = { tag: 'link', href: link.href, openText: '[', closeText: text.slice(i, link.end), literal: false };
      opener.pair = pair;
      // Links never nest: every bracket still open before this one stays text.
      brackets.length = 0;
      emit({ kind: 'linkEnd', pair }, link.end);
    } else if (code === codeOf.lessThan) {
      const end = angleAutolinkEnd(text, i);
      const href = end === -1 ? null : httpHref(text.slice(i + 1, end));
      if (href === null) {
        i++;
        continue;
      }
      flush(i);
      emit({ kind: 'url', href, text: text.slice(i + 1, end) }, end + 1);
    } else if (code === codeOf.newline) {
      flush(i);
      emit({ kind: 'break' }, i + 1);
    } else if ((code | 0x20) === 0x68 && bareUrlStartsAt(text, i)) {
      const { end, scanned } = bareUrlEnd(text, i);
      const href = end > i + schemeLength(text, i) ? httpHref(text.slice(i, end)) : null;
      if (href === null) {
        i = scanned; // all of it stays text: nothing in it is looked at twice
        continue;
      }
      flush(i);
      emit({ kind: 'url', href, text: text.slice(i, end) }, end);
    } else i++;
  }
  flush(text.length);
  return tokens;
}

/** A run of `*` or `_` and whether it can open or close emphasis (CommonMark's flanking rules). */
function delimiter(text: string, start: number, end: number): Delimiter {
  const char = text[start] === '*' ? '*' : '_';
  const { canOpen, canClose } = emphasisFlanks(char, text.charCodeAt(start - 1), text.charCodeAt(end));
  return { kind: 'delimiter', char, remaining: end - start, canOpen, canClose, closes: [], opens: [] };
}

/**
 * Whether a run of `*` or `_` between the characters `before` and `after` (NaN at the text's edges) can open
 * or close emphasis: CommonMark's flanking rules, where `_` inside a word (snake_case) is never emphasis.
 */
export function emphasisFlanks(char: '*' | '_', before: number, after: number): { canOpen: boolean; canClose: boolean } {
  const spaceBefore = Number.isNaN(before) || isSpace(before);
  const spaceAfter = Number.isNaN(after) || isSpace(after);
  const punctBefore = !Number.isNaN(before) && isPunctuation(String.fromCharCode(before));
  const punctAfter = !Number.isNaN(after) && isPunctuation(String.fromCharCode(after));
  const leftFlanking = !spaceAfter && (!punctAfter || spaceBefore || punctBefore);
  const rightFlanking = !spaceBefore && (!punctBefore || spaceAfter || punctAfter);
  const canOpen = char === '*' ? leftFlanking : leftFlanking && (!rightFlanking || punctBefore);
  const canClose = char === '*' ? rightFlanking : rightFlanking && (!leftFlanking || punctAfter);
  return { canOpen, canClose };
}

/**
 * Finds code span closers: the next run of exactly as many backticks. All runs are indexed once, by length,
 * and each length's list is only ever read forward, so finding every closer costs one pass.
 */
function codeSpanCloser(text: string): (length: number, after: number) => number {
  let runs: Map<number, { starts: number[]; next: number }> | undefined;
  return (length, after) => {
    if (!runs) {
      runs = new Map();
      for (let i = 0; i < text.length; i++) {
        textWork.steps++;
        if (text.charCodeAt(i) !== codeOf.backtick) continue;
        let end = i;
        while (text.charCodeAt(end) === codeOf.backtick) end++;
        let list = runs.get(end - i);
        if (!list) runs.set(end - i, (list = { starts: [], next: 0 }));
        list.starts.push(i);
        i = end - 1;
      }
    }
    const list = runs.get(length);
    if (!list) return -1;
    while (list.next < list.starts.length && list.starts[list.next]! < after) {
      textWork.steps++;
      list.next++;
    }
    return list.next < list.starts.length ? list.starts[list.next]! : -1;
  };
}

/** A code span's text: line breaks become spaces; one space on each side is dropped when both are there. */
function codeSpanText(inner: string): string {
  const flat = inner.replace(/\n/g, ' ');
  if (flat.length >= 2 && flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '') return flat.slice(1, -1);
  return flat;
}

/**
 * `](destination)` after the `]` at `at`: an http(s) address without white space, brackets or angle brackets
 * (parentheses only when balanced), and nothing else before the `)`. The scan stops at the next bracket, so
 * the scans after different `]` never overlap.
 */
function linkDestination(text: string, at: number): { href: string; end: number } | null {
  if (text.charCodeAt(at + 1) !== codeOf.openParen) return null;
  let i = at + 2;
  while (text.charCodeAt(i) === codeOf.space || text.charCodeAt(i) === codeOf.tab) i++;
  const start = i;
  let depth = 0;
  for (; i < text.length; i++) {
    textWork.steps++;
    const code = text.charCodeAt(i);
    if (endsBareUrl(code) && code !== 0x27 && code !== codeOf.backslash) break;
    if (code === codeOf.openParen) {
      if (++depth > maxDestinationParens) return null;
    } else if (code === codeOf.closeParen) {
      if (depth === 0) break;
      depth--;
    }
  }
  const destination = text.slice(start, i);
  while (text.charCodeAt(i) === codeOf.space || text.charCodeAt(i) === codeOf.tab) i++;
  if (text.charCodeAt(i) !== codeOf.closeParen || destination === '') return null;
  const href = httpHref(destination);
  return href === null ? null : { href, end: i + 1 };
}

/** The `>` closing `<http…` at `at`, with no white space or `<` before it; -1 if there is none. */
function angleAutolinkEnd(text: string, at: number): number {
  if (schemeLength(text, at + 1) === 0) return -1;
  for (let i = at + 1; i < text.length; i++) {
    textWork.steps++;
    const code = text.charCodeAt(i);
    if (code === codeOf.greaterThan) return i;
    if (code === codeOf.lessThan || isSpace(code)) return -1;
  }
  return -1;
}

/**
 * Pairs `*` and `_` runs: a closer takes the nearest opener of its character (two characters for strong
 * emphasis when both have two); runs left between them stay text. Delimiters inside a link pair only among
 * themselves. Each opener is found in constant time (a stack per character), and each pairing uses up at
 * least one delimiter character, so this is linear.
 */
function matchEmphasis(tokens: Token[]): void {
  const stack: (Delimiter | 'barrier')[] = [];
  const byChar: Record<'*' | '_', number[]> = { '*': [], _: [] };
  const barriers: number[] = [];
  const pop = () => {
    const top = stack.pop();
    if (top && top !== 'barrier') byChar[top.char].pop();
  };
  for (const token of tokens) {
    textWork.steps++;
    if (token.kind === 'bracket' && token.pair) {
      stack.push('barrier');
      barriers.push(stack.length - 1);
    } else if (token.kind === 'linkEnd') {
      const barrier = barriers.pop() ?? 0;
      while (stack.length > barrier) pop();
    } else if (token.kind === 'delimiter') {
      const floor = barriers.length > 0 ? barriers[barriers.length - 1]! : -1;
      const openers = byChar[token.char];
      while (token.canClose && token.remaining > 0) {
        const at = openers[openers.length - 1];
        if (at === undefined || at < floor) break;
        while (stack.length - 1 > at) pop();
        const opener = stack[at] as Delimiter;
        const use = opener.remaining >= 2 && token.remaining >= 2 ? 2 : 1;
        const marks = token.char.repeat(use);
        const pair: Pair = { tag: use === 2 ? 'strong' : 'em', href: '', openText: marks, closeText: marks, literal: false };
        opener.opens.push(pair);
        token.closes.push(pair);
        opener.remaining -= use;
        token.remaining -= use;
        if (opener.remaining === 0) pop();
      }
      if (token.canOpen && token.remaining > 0) {
        stack.push(token);
        openers.push(stack.length - 1);
      }
    }
  }
}

/** Pairs that would nest deeper than maxInlineDepth stay text. */
function limitDepth(tokens: Token[]): void {
  let depth = 0;
  const open = (pair: Pair) => {
    if (depth >= maxInlineDepth) pair.literal = true;
    else depth++;
  };
  const close = (pair: Pair) => {
    if (!pair.literal) depth--;
  };
  for (const token of tokens) {
    if (token.kind === 'delimiter') {
      token.closes.forEach(close);
      for (let i = token.opens.length - 1; i >= 0; i--) open(token.opens[i]!);
    } else if (token.kind === 'bracket' && token.pair) open(token.pair);
    else if (token.kind === 'linkEnd') close(token.pair);
  }
}

/** The final list: unused delimiters and brackets become text, adjacent texts merge, autolinks in links are text. */
function flatten(tokens: Token[]): Inline[] {
  const out: Inline[] = [];
  let inLink = 0;
  const text = (value: string) => {
    if (value === '') return;
    const last = out[out.length - 1];
    if (last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + value };
    else out.push({ kind: 'text', text: value });
  };
  const openPair = (pair: Pair) => {
    if (pair.literal) return text(pair.openText);
    if (pair.tag === 'link') inLink++;
    out.push({ kind: 'open', tag: pair.tag, href: pair.href });
  };
  const closePair = (pair: Pair) => {
    if (pair.literal) return text(pair.closeText);
    if (pair.tag === 'link') inLink--;
    out.push({ kind: 'close', tag: pair.tag });
  };
  for (const token of tokens) {
    textWork.steps++;
    switch (token.kind) {
      case 'delimiter':
        token.closes.forEach(closePair);
        text(token.char.repeat(token.remaining));
        for (let i = token.opens.length - 1; i >= 0; i--) openPair(token.opens[i]!);
        break;
      case 'bracket':
        if (token.pair) openPair(token.pair);
        else text('[');
        break;
      case 'linkEnd':
        closePair(token.pair);
        break;
      case 'text':
        text(token.text);
        break;
      case 'url':
        if (inLink > 0) text(token.text);
        else out.push(token);
        break;
      default:
        out.push(token);
    }
  }
  return out;
}
