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
  /** The unfilled plural forms of a message by category (`one`, `few`, ...), for a page script to fill. */
  pluralForms(baseKey: string): Partial<Record<Intl.LDMLPluralRule, string>>;
  date(value: Date | string): string;
  /** The day alone (UTC), for text that no page script can localise, such as a chat message. */
  day(value: string): string;
  /** "5 minutes ago", "yesterday", or the date for anything older than a week. */
  ago(value: string, nowMs: number): string;
}

/** Changes older than this (seconds) are shown by their day, not as "n days ago". */
export const relativeTimeLimitSeconds = 7 * 86400;

const translators = new Map<Lang, Translator>();

/** The translator for a language; built once per language and instance (Intl formatters are not cheap). */
export function translator(lang: Lang): Translator {
  let made = translators.get(lang);
  if (!made) {
    made = makeTranslator(lang);
    translators.set(lang, made);
  }
  return made;
}

const templates = new Map<string, string[]>();
function templateOf(text: string): string[] {
  let parts = templates.get(text);
  if (!parts) {
    parts = text.split(/\{(\w+)\}/);
    templates.set(text, parts);
  }
  return parts;
}

function makeTranslator(lang: Lang): Translator {
  const catalog = catalogs[lang];
  const pluralRules = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang);
  // The server does not know the reader's time zone: absolute times are UTC and say so.
  const dates = new Intl.DateTimeFormat(lang, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
  // Days as the times beside them write them ("27. Nov. 2026" in German, not "27.11.2026"): one format on a page.
  const days = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const relative = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  // A list shows many "3 hours ago": the few distinct phrases are formatted once.
  const phrases = new Map<string, string>();
  const relativeText = (value: number, unit: Intl.RelativeTimeFormatUnit): string => {
    const key = `${value}${unit}`;
    let text = phrases.get(key);
    if (text === undefined) {
      text = relative.format(value, unit);
      if (phrases.size < 1000) phrases.set(key, text);
    }
    return text;
  };
  // Older changes show their day; a list of old articles repeats few distinct days.
  const dayNames = new Map<number, string>();
  const dayText = (at: number): string => {
    const day = Math.floor(at / 86_400_000);
    let text = dayNames.get(day);
    if (text === undefined) {
      text = days.format(at);
      if (dayNames.size < 1000) dayNames.set(day, text);
    }
    return text;
  };
  const fill = (text: string, vars?: Record<string, string | number>): string => {
    if (vars === undefined) return text;
    // "changed {when}" → ['changed ', 'when', '']: literal, name, literal, ... split once per message.
    const parts = templateOf(text);
    let out = parts[0]!;
    for (let i = 1; i < parts.length; i += 2) {
      const value = vars[parts[i]!];
      out += (value === undefined ? `{${parts[i]}}` : typeof value === 'number' ? numbers.format(value) : value) + parts[i + 1]!;
    }
    return out;
  };
  return {
    lang,
    t: (key, vars) => fill(catalog[key] ?? en[key], vars),
    plural(baseKey, count) {
      const text = catalog[`${baseKey}.${pluralRules.select(count)}`] ?? catalog[`${baseKey}.other`] ?? baseKey;
      return fill(text, { count: numbers.format(count) });
    },
    pluralForms(baseKey) {
      const forms: Partial<Record<Intl.LDMLPluralRule, string>> = {};
      for (const category of pluralRules.resolvedOptions().pluralCategories) {
        const text = catalog[`${baseKey}.${category}`];
        if (text !== undefined) forms[category] = text;
      }
      return forms;
    },
    date: (value) => dates.format(typeof value === 'string' ? new Date(value) : value),
    day: (value) => {
      const at = Date.parse(value);
      return Number.isNaN(at) ? value : dayText(at);
    },
    ago(value, nowMs) {
      const at = Date.parse(value);
      const seconds = Math.round((at - nowMs) / 1000);
      const abs = Math.abs(seconds);
      // Intl says "now" ("changed now"); people say "just now".
      if (abs < 45) return catalog['kb.justNow'];
      if (abs < 45 * 60) return relativeText(Math.round(seconds / 60), 'minute');
      if (abs < 22 * 3600) return relativeText(Math.round(seconds / 3600), 'hour');
      if (abs < relativeTimeLimitSeconds) return relativeText(Math.round(seconds / 86400), 'day');
      return dayText(at);
    },
  };
}
