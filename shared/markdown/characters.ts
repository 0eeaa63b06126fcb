/** Character classes the Markdown parser and the chat converters agree on (UTF-16 code units). */

/** White space as JavaScript's `\s` means it. */
export function isSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** ASCII punctuation: what a backslash can escape. */
export function isAsciiPunctuation(code: number): boolean {
  return (code >= 0x21 && code <= 0x2f) || (code >= 0x3a && code <= 0x40) || (code >= 0x5b && code <= 0x60) || (code >= 0x7b && code <= 0x7e);
}

const punctuation = /[\p{P}\p{S}]/u;

/** Unicode punctuation and symbols (what decides whether `*` and `_` can open or close emphasis). */
export function isPunctuation(char: string | undefined): boolean {
  if (char === undefined || char === '') return false;
  const code = char.charCodeAt(0);
  if (code < 0x80) return isAsciiPunctuation(code);
  return punctuation.test(char);
}

/** Letters, digits and `_` of ASCII: a URL does not start right after one (as `\b` in a regular expression). */
export function isAsciiWordChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

export const codeOf = {
  tab: 0x09,
  newline: 0x0a,
  space: 0x20,
  hash: 0x23,
  openParen: 0x28,
  closeParen: 0x29,
  star: 0x2a,
  plus: 0x2b,
  dash: 0x2d,
  dot: 0x2e,
  lessThan: 0x3c,
  greaterThan: 0x3e,
  openBracket: 0x5b,
  backslash: 0x5c,
  closeBracket: 0x5d,
  underscore: 0x5f,
  backtick: 0x60,
  tilde: 0x7e,
} as const;
