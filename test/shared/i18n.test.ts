import { pickLang, translator } from '../../shared/i18n';

describe('i18n', () => {
  it('speaks en, ru and de and falls back to English for anything else', () => {
    expect(pickLang('de')).toBe('de');
    expect(pickLang('RU')).toBe('ru');
    for (const other of ['ua', 'br', '', undefined, '<script>', 42]) expect(pickLang(other)).toBe('en');
  });

  it('counts with each language’s plural rules and number format', () => {
    expect(translator('en').plural('kb.articles', 1)).toBe('1 article');
    expect(translator('en').plural('kb.articles', 1234)).toBe('1,234 articles');
    expect(translator('ru').plural('kb.articles', 1)).toBe('1 статья');
    expect(translator('ru').plural('kb.articles', 3)).toBe('3 статьи');
    expect(translator('ru').plural('kb.articles', 5)).toBe('5 статей');
    expect(translator('de').plural('kb.left', 31)).toBe('Noch 31 Zeichen');
  });

  it('gives a page script every plural form of a message in the language', () => {
    expect(translator('en').pluralForms('kb.left')).toEqual({ one: '{count} character left', other: '{count} characters left' });
    expect(Object.keys(translator('ru').pluralForms('kb.left')).sort()).toEqual(['few', 'many', 'one', 'other']);
  });

  it('fills placeholders and formats dates per language', () => {
    expect(translator('de').t('kb.changed', { when: 'gestern' })).toBe('gestern geändert');
    expect(translator('de').date('2024-01-10T09:00:00Z')).toMatch(/10\. Jan\. 2024.*09:00 UTC/);
    expect(translator('en').date('2024-01-10T09:00:00Z')).toMatch(/Jan 10, 2024.*09:00 AM UTC/);
  });

  it('says how long ago a change was, and the day for anything older than a week', () => {
    const now = Date.parse('2026-03-20T12:00:00Z');
    const before = (ms: number) => new Date(now - ms).toISOString();
    const en = translator('en');
    expect(en.ago(before(10_000), now)).toBe('just now');
    expect(translator('ru').ago(before(10_000), now)).toBe('только что');
    expect(translator('de').ago(before(10_000), now)).toBe('gerade eben');
    expect(en.ago(before(5 * 60_000), now)).toBe('5 minutes ago');
    expect(en.ago(before(3 * 3600_000), now)).toBe('3 hours ago');
    expect(en.ago(before(86_400_000), now)).toBe('yesterday');
    expect(translator('ru').ago(before(2 * 3600_000), now)).toBe('2 часа назад');
    expect(translator('de').ago(before(2 * 86_400_000), now)).toBe('vorgestern');
    // Older: the day, per language; two changes on one day read the same, other days differ.
    expect(en.ago('2026-03-01T08:00:00Z', now)).toBe('Mar 1, 2026');
    expect(en.ago('2026-03-01T23:59:00Z', now)).toBe('Mar 1, 2026');
    expect(en.ago('2026-03-02T00:00:00Z', now)).toBe('Mar 2, 2026');
    // German days read like German times beside them ("1. März 2026, 09:00"), not "01.03.2026".
    expect(translator('de').ago('2026-03-01T08:00:00Z', now)).toBe('1. März 2026');
    expect(translator('ru').ago('2026-03-01T08:00:00Z', now)).toBe('1 мар. 2026 г.');
  });
});
