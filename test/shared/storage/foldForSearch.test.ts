import fc from 'fast-check';
import { foldedLimit, foldForSearch, needleOf, type StepMeter } from '../../../shared/storage/foldForSearch';
import { hostileBodies, maxBodyCharacters } from '../../support/hostileTexts';
import { normalisationWork } from '../../support/normalisationWork';

const finds = (query: string, text: string) => needleOf(query).foundIn(foldForSearch(text));
/** Folding by the book, for text that does not expand: what search matched before it bounded anything. */
const reference = (text: string) => text.normalize('NFKC').toLowerCase().toUpperCase().toLowerCase().replace(/ё/g, 'е').replace(/ς/g, 'σ');

describe('search folding', () => {
  it('finds German words typed in capitals: STRASSE finds Straße, GRÖSSE finds Größe, and ẞ is ss', () => {
    expect(finds('STRASSE', 'Die Straße ist gesperrt')).toBe(true);
    expect(finds('GRÖSSE', 'Welche Größe?')).toBe(true);
    expect(finds('straße', 'STRASSE 5')).toBe(true);
    expect(finds('GROẞE', 'große Pause')).toBe(true);
    expect(finds('strasse', 'Strand')).toBe(false);
  });

  it('keeps ё counting as е in either direction, in any case and in either normal form', () => {
    expect(finds('елка', 'Новогодняя ёлка')).toBe(true);
    expect(finds('ЁЛКА', 'новогодняя елка')).toBe(true);
    expect(finds('ёлка', 'Е\u0308ЛКА')).toBe(true);
    expect(finds('елки', 'ёлка')).toBe(false);
  });

  it('folds compatibility forms, final sigma and Turkish capitals the same way in query and text', () => {
    expect(finds('file', 'the ﬁle server')).toBe(true);
    expect(finds('abc', 'ＡＢＣ')).toBe(true);
    expect(finds('ΟΔΟΣ', 'οδος')).toBe(true);
    expect(finds('οδοσ', 'ΟΔΟΣ ΠΑΝΕΠΙΣΤΗΜΙΟΥ')).toBe(true);
    expect(finds('İSTANBUL', 'İstanbul')).toBe(true);
    expect(finds('ﾊﾞ', 'バ')).toBe(true);
  });

  it('agrees with folding the whole text by the book for ordinary text of any script', () => {
    const ordinary = fc.string({
      unit: fc.oneof(fc.constantFrom('ß', 'ẞ', 'ё', 'Ё', 'Σ', 'ς', 'ﬁ', 'Ж', ' ', '\n', 'е\u0308', 'é', '\u1100', '\u1161', '\u11a8'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
      maxLength: 80,
    });
    fc.assert(
      fc.property(ordinary, (text) => {
        if (reference(text).length > foldedLimit(text.length)) return; // expanding text takes the gentler fold
        expect(foldForSearch(text)).toBe(reference(text));
      }),
    );
  });

  it('finds every piece of a text in the text, whatever its case', () => {
    const letters = fc.constantFrom('a', 'B', 'ß', 'ẞ', 'ё', 'Е', 'Σ', 'σ', 'ς', 'İ', 'ı', 'I', 'ﬁ', 'Ж', 'ж', ' ', '1', '😀');
    fc.assert(
      fc.property(fc.array(letters, { maxLength: 40 }), fc.nat(), fc.nat(), fc.boolean(), (chars, from, length, upper) => {
        const start = chars.length ? from % chars.length : 0;
        const piece = chars.slice(start, start + 1 + (length % 10)).join('');
        const query = upper ? piece.toUpperCase() : piece;
        if (query.trim() === '') return;
        expect(finds(query, chars.join(''))).toBe(true);
      }),
    );
  });

  it('does linear work on the largest hostile texts, counted as the normaliser does it, and never grows them much', () => {
    for (const [name, text] of Object.entries(hostileBodies)) {
      const work = normalisationWork();
      const folded = foldForSearch(text, work);
      expect({ name, longer: folded.length > foldedLimit(text.length) }).toEqual({ name, longer: false });
      // Decomposing expands a character at most 18-fold and sorting a run of 33 non-starters takes 528
      // comparisons, in each of a few passes: linear. An uncut run of 20,000 would take 200 million.
      expect({ name, work: work.units <= 128 * (text.length + 64) }).toEqual({ name, work: true });
      expect({ name, longestRun: work.longestRun <= 33 }).toEqual({ name, longestRun: true });
    }
    // U+FDFA under NFKC alone would be 360,000 characters; folded, it stays within the limit.
    expect(foldForSearch('\ufdfa'.repeat(maxBodyCharacters)).length).toBeLessThanOrEqual(foldedLimit(maxBodyCharacters));
  });

  it('drops the joiners it adds, and leaves short runs of marks (any real text) alone', () => {
    expect(foldForSearch('e\u0301\u0323')).toBe('e\u0301\u0323'.normalize('NFKC'));
    expect(foldForSearch(`x${'\u0301'.repeat(40)}`)).not.toContain('\u034f');
    expect(foldForSearch(`x${'\u0301\uff9e'.repeat(40)}`)).not.toContain('\u034f');
  });

  it('folds only the pieces around an expanding span gently: the rest of the article still matches in any case', () => {
    const before = 'Die Straße ist gesperrt. '.repeat(200);
    const after = 'Welche Größe hat der Raum? '.repeat(200);
    const text = `${before}${'\ufdfa'.repeat(3_000)} ﬁle ${after}`;
    expect(reference(text).length).toBeGreaterThan(foldedLimit(text.length)); // folded whole, it would not fit
    const folded = foldForSearch(text);
    expect(folded.length).toBeLessThanOrEqual(foldedLimit(text.length));
    expect(needleOf('STRASSE IST').foundIn(folded)).toBe(true);
    expect(needleOf('GRÖSSE HAT').foundIn(folded)).toBe(true);
    // Past the piece the span ends in (a few hundred characters), the text reads as folded whole.
    expect(folded.endsWith(reference(after.slice(27 * 20)))).toBe(true);
    // The span itself matches as written.
    expect(needleOf('\ufdfa'.repeat(5)).foundIn(folded)).toBe(true);
  });

  it('finds long needles in linear time too: at most two comparisons per character of the text', () => {
    // A 200-character query that folds to 299 letters, beyond what V8 searches in linear time: the fold's own
    // matcher takes it.
    const query = `${'ß'.repeat(50)}x${'ß'.repeat(49)}${'y'.repeat(100)}`;
    const needle = needleOf(query);
    expect(needle.folded.length).toBeGreaterThan(250);
    // Every position of this text continues a partial match, and none completes.
    const haystack = needle.folded.slice(0, -1).repeat(200);
    const meter: StepMeter = { units: 0 };
    expect(needle.foundIn(haystack, meter)).toBe(false);
    expect(meter.units).toBeGreaterThan(haystack.length / 2);
    expect(meter.units).toBeLessThanOrEqual(2 * haystack.length);
    expect(needle.foundIn(`${haystack}${needle.folded}`)).toBe(true);
    expect(needle.foundIn(`${'s'.repeat(60_000)}${needle.folded}`)).toBe(true);
    expect(needle.foundIn(`${needle.folded.slice(1)}${needle.folded.slice(0, -1)}`)).toBe(false);
  });
});
