import fc from 'fast-check';
import { excerptOf } from '../../../shared/storage/excerptOf';
import { countingText } from '../../support/countingText';
import { hostileBodies } from '../../support/hostileTexts';

/**
 * What an excerpt is, written the slow, obvious way: trim, fold white space (" · " where it holds a blank line),
 * cut at `length` code points, never after a space or a block's mark.
 */
const space = '[\\u0000-\\u0020\\u0085\\u00a0\\u2000-\\u200a\\u2028\\u2029\\u3000]';
function reference(body: string, length: number): string {
  const trimmed = body.replace(new RegExp(`^${space}+|${space}+$`, 'g'), '');
  const points = Array.from(trimmed.replace(new RegExp(`${space}+`, 'g'), (run) => ((run.match(/\n/g)?.length ?? 0) >= 2 ? ' · ' : ' ')));
  if (points.length <= length) return points.join('');
  return `${points.slice(0, length).join('').replace(/ (· ?)?$/, '')}…`;
}

describe('article excerpts in the list', () => {
  it('fold line breaks and runs of spaces into one space, part blocks with " · " and cut long bodies with an ellipsis', () => {
    expect(excerptOf('  Install the client.\n\tThen   log in.  ')).toBe('Install the client. Then log in.');
    expect(excerptOf('Before you start\n\nYou need admin rights.\n\nSteps\n\nInstall')).toBe('Before you start · You need admin rights. · Steps · Install');
    expect(excerptOf('Steps\n\nInstall', 7)).toBe('Steps…');
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
