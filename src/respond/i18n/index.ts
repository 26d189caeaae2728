import { formatDeadline } from '../../common/time-zone';
import { en, Messages } from './en';

/** Registered translations; add one by copying en.ts and listing it here. */
const CATALOGS: Record<string, Messages> = { en };
export const DEFAULT_LOCALE = 'en';

/** The languages respondent pages can be shown in, for the settings page's default language. */
export function availableLanguages(): Array<{ code: string; name: string }> {
  const names = new Intl.DisplayNames(['en'], { type: 'language' });
  return Object.keys(CATALOGS).map((code) => ({ code, name: names.of(code) ?? code }));
}

export type MessageKey = {
  [G in keyof Messages]: `${G & string}.${keyof Messages[G] & string}`;
}[keyof Messages];

export type MessageParams = Record<string, string | number>;

function fill(text: string, params: MessageParams): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

/** The best registered locale for an Accept-Language header; English when none fits. */
export function pickLocale(acceptLanguage?: string): string {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const wanted = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...attrs] = part.trim().split(';');
      const q = attrs.find((a) => a.trim().startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    if (CATALOGS[tag]) return tag;
    const base = tag.split('-')[0];
    if (CATALOGS[base]) return base;
  }
  return DEFAULT_LOCALE;
}

export interface Translator {
  locale: string;
  messages: Messages;
  t(key: MessageKey, params?: MessageParams): string;
  /** Every message with these parameters filled in, for a template to read as `s.group.key`. */
  all(params: MessageParams): Messages;
  /** A moment as "3 March 2026 at 09:00 UTC" in the locale's style and the company's zone. */
  dateTime(value: Date): string;
}

export function translator(locale: string = DEFAULT_LOCALE, timeZone = 'UTC'): Translator {
  const messages = CATALOGS[locale] ?? CATALOGS[DEFAULT_LOCALE];
  return {
    locale: messages.meta.lang,
    messages,
    t(key, params = {}) {
      const [group, name] = key.split('.') as [keyof Messages, string];
      const text = (messages[group] as Record<string, string>)[name];
      return fill(text, params);
    },
    all(params) {
      const out: Record<string, Record<string, string>> = {};
      for (const [group, entries] of Object.entries(messages)) {
        const filled: Record<string, string> = {};
        for (const [name, text] of Object.entries(entries as Record<string, string>))
          filled[name] = fill(text, params);
        out[group] = filled;
      }
      return out as Messages;
    },
    dateTime(value) {
      return formatDeadline(value, timeZone, messages.meta.dateLocale, 'long');
    },
  };
}
