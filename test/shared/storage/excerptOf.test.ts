import fc from 'fast-check';
import { excerptOf } from '../../../shared/storage/excerptOf';
import { countingText } from '../../support/countingText';
import { hostileBodies } from '../../support/hostileTexts';

/** What an excerpt is, written the slow, obvious way: fold white space, trim, cut at `length` code points. */
const spaces = /[\u0000-\u0020\u0085\u00a0\u2000-\u200a\u2028\u2029\u3000]+/g;
function reference(body: string, length: number): string {
  const points = Array.from(body.replace(spaces, ' ').trim());
  if (points.length <= length) return points.join('');
  return `${points.slice(0, length).join('').trimEnd()}…`;
}

describe('article excerpts in the list', () => {
  it('fold line breaks and runs of spaces into one space and cut long bodies with an ellipsis', () => {
    expect(excerptOf('  Install the client.\n\n\tThen   log in.  ')).toBe('Install the client. Then log in.');
    expect(excerptOf('abc def ghi', 7)).toBe('abc def…');
    expect(excerptOf('abc def ghi', 8)).toBe('abc def…');
    expect(excerptOf('abc def', 7)).toBe('abc def');
    expect(excerptOf('😀😀😀😀', 2)).toBe('😀😀…');
    expect(excerptOf('\u00a0\u3000 Привет,\u2028мир ')).toBe('Привет, мир');
  });

  it('match the obvious definition for any text, emoji and lone surrogates included', () => {
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom(' ', '\n', '\t', '\u00a0', '\u2003', '\u3000', 'a', 'Ж', '😀', '\ud800', '\udc00', '<', '&'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
      maxLength: 60,
    });
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 30 }), (body, length) => {
        expect(excerptOf(body, length)).toBe(reference(body, length));
      }),
      { numRuns: 3000, seed: 5 },
    );
  });

  it.each(Object.entries(hostileBodies))('read %s of the largest size a bounded number of times per character', (_name, body) => {
    const counted = countingText(body);
    excerptOf(counted.text, 300);
    expect(counted.units()).toBeLessThanOrEqual(4 * body.length);
  });
});
