import fc from 'fast-check';
import { foldedLimit, foldForSearch, type StepMeter } from '../../../shared/storage/foldForSearch';
import { maxQueryTerms, searchQueryOf } from '../../../shared/storage/searchQuery';
import { hostileBodies } from '../../support/hostileTexts';

const title = 'VPN setup for new laptops (Frankfurt gateway, two-factor sign-in)';
const body = 'Ask IT for admin rights before you install the client. Der Zugang gilt für die ganze Straße; ёлка im Foyer.';
const finds = (query: string, text = { title, body }) => searchQueryOf(query).matches(foldForSearch(text.title), foldForSearch(text.body));
const termsOf = (query: string) => searchQueryOf(query).terms.map((term) => term.folded);

describe('search queries of several words', () => {
  it('finds an article holding every word of the query, in any order, in its title or its text', () => {
    expect(finds('VPN laptops')).toBe(true);
    expect(finds('laptops VPN')).toBe(true);
    expect(finds('Frankfurt gateway two-factor')).toBe(true);
    expect(finds('two-factor Frankfurt')).toBe(true);
    expect(finds('admin rights')).toBe(true);
    expect(finds('rights admin')).toBe(true);
    // one word from the title, one from the text
    expect(finds('client laptops')).toBe(true);
  });

  it('requires every word: an article missing one of them is not found', () => {
    expect(finds('VPN printers')).toBe(false);
    expect(finds('laptops VPN Berlin')).toBe(false);
    expect(finds('Frankfurt gateway three-factor')).toBe(false);
    expect(finds('admin rights revoked')).toBe(false);
  });

  it('matches each word as a single query always matched: part of a word, any case, ё as е, compatibility forms', () => {
    expect(finds('lapt FRANK gate')).toBe(true);
    expect(finds('STRASSE LAPTOPS')).toBe(true);
    expect(finds('ЕЛКА vpn')).toBe(true);
    expect(finds('ＶＰＮ　ＬＡＰＴＯＰＳ')).toBe(true); // full-width letters and an ideographic space
    expect(finds('strasse laptops', { title: 'Die Straße', body: 'Laptops' })).toBe(true);
    expect(finds('STRASSE VPN', { title: 'Die Strand', body: 'VPN' })).toBe(false);
    expect(finds('ёлка ФОЙЕ', { title: 'Новогодняя елка', body: 'В фойе' })).toBe(true);
    expect(finds('ﬁle server', { title: 'The file', body: 'on the SERVER' })).toBe(true);
  });

  it('takes punctuation around words as none of the word, and a dash between words as no word at all', () => {
    expect(finds('VPN, laptops!')).toBe(true);
    expect(finds('(laptops) — Frankfurt?')).toBe(true);
    expect(finds('“two-factor” laptops')).toBe(true);
    expect(termsOf('VPN, laptops — Frankfurt')).toEqual(['frankfurt', 'laptops', 'vpn']);
    // A query of punctuation alone still looks for it, as before.
    expect(termsOf('— ...')).toEqual(['...', '—']);
    expect(finds('...', { title: 'Wait...', body: '' })).toBe(true);
    expect(finds('...', { title: 'Wait', body: '' })).toBe(false);
  });

  it('keeps words in quotes together as one phrase, found as typed, in any of the usual quotes', () => {
    expect(finds('"Frankfurt gateway"')).toBe(true);
    expect(finds('"gateway Frankfurt"')).toBe(false);
    expect(finds('gateway Frankfurt')).toBe(true);
    expect(finds('laptops «admin rights»')).toBe(true);
    expect(finds('„rights admin“ laptops')).toBe(false);
    expect(termsOf('"vpn setup" vpn setup laptops')).toEqual(['vpn setup', 'laptops']);
    // A quote left open is no phrase: the words after it count one by one.
    expect(finds('"gateway Frankfurt')).toBe(true);
    expect(termsOf('"" “”')).toEqual([]);
  });

  it('keeps the ten longest distinct words of a query of many, dropping words inside others', () => {
    expect(termsOf('vpn vpn VPN setup set up vpnsetup')).toEqual(['vpnsetup']);
    const words = Array.from({ length: 40 }, (_, i) => `w${'x'.repeat(i % 7)}${i}`);
    const terms = termsOf(words.join(' '));
    expect(terms).toHaveLength(maxQueryTerms);
    const longestFirst = [...words].sort((a, b) => b.length - a.length).slice(0, maxQueryTerms);
    expect(terms).toEqual(longestFirst);
  });

  it('scans each text at most twice per word kept, whatever a hostile query of many words holds', () => {
    // 66 distinct words of two letters, each in every text but the last: without the bound, 66 scans a text.
    const words = Array.from({ length: 66 }, (_, i) => `${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    const query = words.join(' ');
    expect(query.length).toBeLessThanOrEqual(200);
    const hostileQueries = [
      query,
      `${'\ufdfa '.repeat(60)}${'ß '.repeat(40)}`,
      `${'\u0301\uff9e\u0344\u0f73 '.repeat(40)}`,
      `"${'ß'.repeat(100)}x${'ß'.repeat(97)}"`, // a phrase folding past 250 units: the KMP matcher
      `${'a '.repeat(50)}${'"'.repeat(50)}${'- '.repeat(25)}`,
    ];
    for (const hostile of hostileQueries) {
      const search = searchQueryOf(hostile);
      expect(search.terms.length).toBeLessThanOrEqual(maxQueryTerms);
      expect(search.terms.reduce((sum, term) => sum + term.folded.length, 0)).toBeLessThanOrEqual(foldedLimit(hostile.length));
      for (const [name, text] of Object.entries(hostileBodies)) {
        const folded = foldForSearch(`${text.slice(0, 19_000)} ${words.slice(0, -1).join(' ')}`);
        const foldedTitle = foldForSearch(`${words.slice(0, 30).join(' ')} ${text.slice(0, 100)}`);
        const meter: StepMeter = { units: 0 };
        search.matches(foldedTitle, folded, meter);
        expect({ name, hostile, bounded: meter.units <= 2 * maxQueryTerms * (folded.length + foldedTitle.length) }).toEqual({ name, hostile, bounded: true });
      }
    }
    // What the bound gives up: the ten words kept (the first ten typed, as all are two letters long) are in
    // the text, and the words past them are not looked for.
    const meter: StepMeter = { units: 0 };
    const text = foldForSearch(`${'x'.repeat(20_000)} ${words.slice(0, 10).join(' ')}`);
    expect(searchQueryOf(query).matches('', text, meter)).toBe(true);
    expect(meter.units).toBe(maxQueryTerms * text.length);
  });

  it('finds a text by any of its pieces, shuffled and in any case, and not by a piece it lacks', () => {
    const letters = fc.constantFrom('a', 'B', 'ß', 'ẞ', 'ё', 'Е', 'Σ', 'ς', 'ﬁ', 'Ж', 'ж', '1', '😀', '-');
    const text = fc.array(letters, { minLength: 1, maxLength: 60 }).map((chars) => chars.join(''));
    const piece = fc.tuple(fc.nat(), fc.integer({ min: 1, max: 8 }));
    fc.assert(
      fc.property(text, text, fc.array(piece, { minLength: 1, maxLength: 12 }), fc.boolean(), (titleText, bodyText, cuts, upper) => {
        const pieces = cuts.map(([from, length], i) => {
          const source = i % 2 ? titleText : bodyText;
          const start = from % source.length;
          return source.slice(start, start + length);
        });
        const query = pieces.reverse().join(' ');
        const typed = upper ? query.toUpperCase() : query;
        const foldedTitle = foldForSearch(titleText);
        const foldedBody = foldForSearch(bodyText);
        expect(searchQueryOf(typed).matches(foldedTitle, foldedBody)).toBe(true);
        expect(searchQueryOf(`${typed} qqq`).matches(foldedTitle, foldedBody)).toBe(false);
      }),
    );
  });
});
