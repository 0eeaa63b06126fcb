import fc from 'fast-check';
import { isFoldBoundary, joiner, leadingNonStarters, mayDecomposeToNonStarter, streamSafe } from '../../../shared/storage/streamSafe';
import { nonStarterAlphabet } from '../../support/hostileTexts';
import { hasCombiningClass, nonStarterRuns } from '../../support/normalisationWork';

const longest = (runs: number[]) => Math.max(0, ...runs);

describe('stream-safe text', () => {
  it('knows every character whose decomposition starts with non-starters, and how many, checked against every code point', () => {
    const wrong: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      let lead = 0;
      for (const part of char.normalize('NFKD')) {
        if (!hasCombiningClass(part)) break;
        lead++;
      }
      if (lead > 0 && !mayDecomposeToNonStarter.test(char)) wrong.push(`U+${code.toString(16)} is no candidate`);
      if (leadingNonStarters(char) !== lead) wrong.push(`U+${code.toString(16)}: ${leadingNonStarters(char)} instead of ${lead}`);
    }
    expect(wrong).toEqual([]);
    // Letters that decompose to marks count, as do characters that decompose to two.
    expect(['\uff9e', '\uff9f', '\u0344', '\u0f73', 'a', '\u093f'].map(leadingNonStarters)).toEqual([1, 1, 2, 2, 0, 0]);
  }, 60_000);

  it('never leaves more than 33 non-starters in a row after each character is decomposed, whatever mix of them', () => {
    const alphabet = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...nonStarterAlphabet) }, { weight: 1, arbitrary: fc.constantFrom('a', 'é', 'ṩ', '\u1e09', ' ', joiner) });
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 600 }), (chars) => {
        const text = chars.join('');
        expect(longest(nonStarterRuns(streamSafe(text)))).toBeLessThanOrEqual(33);
        // Only joiners are added, and only where a run was long.
        expect(streamSafe(text).split(joiner).join('')).toBe(text.split(joiner).join(''));
        if (longest(nonStarterRuns(text)) <= 30) expect(streamSafe(text)).toBe(text);
      }),
    );
    expect(longest(nonStarterRuns('\u0301\uff9e'.repeat(10_000)))).toBe(20_000);
    expect(longest(nonStarterRuns(streamSafe('\u0301\uff9e'.repeat(10_000))))).toBeLessThanOrEqual(30);
  });

  it('cuts a text for folding only where folding the two sides apart gives what folding it whole does', () => {
    const fold = (text: string) => text.normalize('NFKC').toLowerCase().toUpperCase().toLowerCase().replace(/ς/g, 'σ');
    const unit = fc.constantFrom('a', 'e', '\u0301', '\u0323', 'Σ', ' ', 'ß', '<', '\u0338', '\u1100', '\u1161', '\u11a8', '가', '\u0b47', '\u0b3e', 'ﬁ', '\uff8a', '\uff9e', 'İ', '😀', '\u200d');
    fc.assert(
      fc.property(fc.array(unit, { minLength: 2, maxLength: 30 }), (units) => {
        const text = units.join('');
        for (let index = 1; index < text.length; index++) {
          if (!isFoldBoundary(text, index)) continue;
          expect(fold(text.slice(0, index)) + fold(text.slice(index))).toBe(fold(text));
        }
      }),
    );
  });
});
