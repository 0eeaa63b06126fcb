/** Characters (code points) of the excerpt a chat's index keeps for each article (what the list shows). */
export const excerptLength = 160;

/** What an excerpt writes between two blocks, so that a heading and the line after it do not run together. */
const blockGap = ' · ';

/** White space that an excerpt folds into one space (ASCII controls and space, NEL, NBSP, Unicode spaces). */
function isSpace(code: number): boolean {
  return code <= 32 || code === 0x85 || code === 0xa0 || code === 0x2028 || code === 0x2029 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a);
}

/**
 * The start of a body on one line: runs of white space become one space, or " · " where a blank line parts two
 * blocks (paragraphs, a heading and its text: see markdownPlainText), cut after `length` characters
 * (code points) with an ellipsis. One pass over just the characters it keeps, copying whole words at a time
 * (160 one-character pieces would make a string that escaping then has to flatten). The body is read only
 * through `length`, `charCodeAt` and `slice`, so tests can count the work on the largest hostile bodies.
 */
export function excerptOf(body: Pick<string, 'length' | 'charCodeAt' | 'slice'>, length = excerptLength): string {
  let out = '';
  let count = 0;
  let space = false;
  /** line breaks in the white space before the next word: two or more (a blank line) part blocks */
  let breaks = 0;
  /** where the word being copied starts, or -1 between words */
  let word = -1;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    if (isSpace(code)) {
      if (word !== -1) out += body.slice(word, i);
      word = -1;
      space = count > 0;
      if (code === 10) breaks++;
      continue;
    }
    const gap = !space ? '' : breaks >= 2 ? blockGap : ' ';
    if (count + gap.length >= length) return `${word === -1 ? out : out + body.slice(word, i)}…`;
    if (space) {
      out += gap;
      count += gap.length;
      space = false;
    }
    breaks = 0;
    if (word === -1) word = i;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = body.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return word === -1 ? out : out + body.slice(word, body.length);
}
