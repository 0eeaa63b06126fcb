import { pickLang, translator } from '../../shared/i18n';

describe('i18n', () => {
  it('speaks en, ru and de and falls back to English for anything else', () => {
    expect(pickLang('de')).toBe('de');
    expect(pickLang('RU')).toBe('ru');
    for (const other of ['ua', 'br', '', undefined, '<script>', 42]) expect(pickLang(other)).toBe('en');
  });

  it('counts members with each language’s plural rules and number format', () => {
    expect(translator('en').plural('sidebar.members', 1)).toBe('1 member');
    expect(translator('en').plural('sidebar.members', 1234)).toBe('1,234 members');
    expect(translator('ru').plural('sidebar.members', 1)).toBe('1 участник');
    expect(translator('ru').plural('sidebar.members', 3)).toBe('3 участника');
    expect(translator('ru').plural('sidebar.members', 5)).toBe('5 участников');
    expect(translator('de').plural('sidebar.members', 31)).toBe('31 Mitglieder');
  });

  it('fills placeholders and formats dates per language', () => {
    expect(translator('de').t('sidebar.you', { name: 'Anna' })).toBe('Sie: Anna');
    expect(translator('de').date('2024-01-10T09:00:00Z')).toMatch(/10\. Jan\. 2024.*09:00 UTC/);
    expect(translator('en').date('2024-01-10T09:00:00Z')).toMatch(/Jan 10, 2024.*09:00 AM UTC/);
  });
});
