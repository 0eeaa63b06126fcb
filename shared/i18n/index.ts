import { de } from './de';
import { en, type Messages } from './en';
import { ru } from './ru';

export type Lang = 'en' | 'ru' | 'de';
export type MessageKey = keyof Messages;

const catalogs: Record<Lang, Messages & Record<string, string>> = { en, ru, de };
export const languages: readonly Lang[] = ['en', 'ru', 'de'];

/** Bitrix24's LANG (en, ru, de, ua, br, ...) to a language this app speaks; anything else is English. */
export function pickLang(value: unknown): Lang {
  const code = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return (languages as readonly string[]).includes(code) ? (code as Lang) : 'en';
}

export interface Translator {
  lang: Lang;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** A count in words, e.g. "3 members", with the language's plural rules ("3 участника"). */
  plural(baseKey: string, count: number): string;
  date(value: Date | string): string;
}

export function translator(lang: Lang): Translator {
  const catalog = catalogs[lang];
  const pluralRules = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang);
  const dates = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const fill = (text: string, vars: Record<string, string | number> = {}): string =>
    text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  return {
    lang,
    t: (key, vars) => fill(catalog[key] ?? en[key], vars),
    plural(baseKey, count) {
      const text = catalog[`${baseKey}.${pluralRules.select(count)}`] ?? catalog[`${baseKey}.other`] ?? baseKey;
      return fill(text, { count: numbers.format(count) });
    },
    date: (value) => dates.format(typeof value === 'string' ? new Date(value) : value),
  };
}
