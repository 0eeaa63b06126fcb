import fc from 'fast-check';
import { foldedLimit, foldForSearch, needleOf, streamSafe, type FoldMeter } from '../../../shared/storage/foldForSearch';

const finds = (query: string, text: string) => needleOf(query).foundIn(foldForSearch(text));

/** The longest run of combining marks in a text, counted in one pass (the joiner U+034F ends a run). */
function longestMarkRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (const char of text) {
    run = char !== '\u034f' && /\p{M}/u.test(char) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** The largest texts an article allows (20,000 characters), made of what makes folding work hardest. */
const hostileTexts: Record<string, string> = {
  'U+FDFA, 18 characters under NFKC': '\ufdfa'.repeat(20_000),
  'U+FB2C, 3 characters even under NFC': '\ufb2c'.repeat(20_000),
  'alternating combining marks, reordered by normalisation': `a${'\u0316\u0301'.repeat(9_999)}`,
  'one base and 19,999 marks': `e${'\u0308'.repeat(19_999)}`,
  'sharp s, two letters when folded': 'ß'.repeat(20_000),
  'dotted capital I, two code units in lower case': 'İ'.repeat(20_000),
  'Greek with iota subscripts, three letters in upper case': 'ΐ'.repeat(20_000),
  'emoji, two code units each': '😀'.repeat(20_000),
  'squared katakana, up to 5 characters under NFKC': '\u3300\u3301\u3302'.repeat(6_667),
};

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
  });

  it('agrees with folding the whole text by the book for ordinary text of any script', () => {
    const reference = (text: string) =>
      text.normalize('NFKC').toLowerCase().toUpperCase().toLowerCase().replace(/ё/g, 'е').replace(/ς/g, 'σ');
    const ordinary = fc.string({
      unit: fc.oneof(fc.constantFrom('ß', 'ẞ', 'ё', 'Ё', 'Σ', 'ς', 'ﬁ', 'Ж', ' ', '\n', 'е\u0308', 'é'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
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

  it('stays linear and bounded on the largest hostile texts: work counted, result never much longer', () => {
    for (const [name, text] of Object.entries(hostileTexts)) {
      const meter: FoldMeter = { units: 0 };
      const folded = foldForSearch(text, meter);
      expect({ name, longer: folded.length > foldedLimit(text.length) }).toEqual({ name, longer: false });
      // Each step of the fold sees the text once, at most a few times its length: linear work.
      expect({ name, work: meter.units <= 16 * (text.length + 64) }).toEqual({ name, work: true });
    }
    // U+FDFA under NFKC alone would be 360,000 characters; the fold keeps it as written.
    expect(foldForSearch('\ufdfa'.repeat(20_000))).toHaveLength(20_000);
  });

  it('cuts runs of combining marks every 30 before normalising, so normalisation never sorts a long run', () => {
    for (const text of [hostileTexts['alternating combining marks, reordered by normalisation']!, hostileTexts['one base and 19,999 marks']!]) {
      expect(longestMarkRun(text)).toBeGreaterThan(10_000);
      expect(longestMarkRun(streamSafe(text))).toBeLessThanOrEqual(30);
    }
    // The joiners it adds are gone after folding, and short runs (any real text) are left alone.
    expect(foldForSearch('e\u0301\u0323')).toBe('e\u0301\u0323'.normalize('NFKC'));
    expect(foldForSearch(`x${'\u0301'.repeat(40)}`)).not.toContain('\u034f');
  });

  it('finds long needles in linear time too: at most two comparisons per character of the text', () => {
    // A 200-character query that folds to 299 letters, beyond what V8 searches in linear time: the fold's own
    // matcher takes it.
    const query = `${'ß'.repeat(50)}x${'ß'.repeat(49)}${'y'.repeat(100)}`;
    const needle = needleOf(query);
    expect(needle.folded.length).toBeGreaterThan(250);
    const haystack = 's'.repeat(60_000);
    const meter: FoldMeter = { units: 0 };
    expect(needle.foundIn(haystack, meter)).toBe(false);
    expect(meter.units).toBeLessThanOrEqual(2 * haystack.length);
    expect(needle.foundIn(`${haystack}${needle.folded}`)).toBe(true);
  });
});
