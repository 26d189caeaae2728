import { formatDeadline } from '../../common/time-zone';
import { de } from './de';
import { en, Messages } from './en';
import { es } from './es';

/** Registered translations; add one by copying en.ts and listing it here. */
const CATALOGS: Record<string, Messages> = { en, de, es };
export const DEFAULT_LOCALE = 'en';

export type TextDirection = 'ltr' | 'rtl';
/**
 * Languages written right to left. Pages and emails set `dir` from this, so a catalog added for
 * one of them (copy en.ts, register it above) lays out mirrored without further changes.
 */
const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur']);

/** `rtl` for a language written right to left (e.g. `ar`), else `ltr`. */
export function textDirection(language: string): TextDirection {
  return RIGHT_TO_LEFT.has(language.split('-')[0].toLowerCase()) ? 'rtl' : 'ltr';
}

/** Whether respondent pages and emails can be shown in this language. */
export function isAvailableLanguage(code: unknown): boolean {
  return typeof code === 'string' && Object.hasOwn(CATALOGS, code);
}

/** The registered language for a stored or requested code; null when none fits. */
export function availableLanguage(code: string | null | undefined): string | null {
  if (!code) return null;
  const lower = code.trim().toLowerCase();
  if (isAvailableLanguage(lower)) return lower;
  const base = lower.split('-')[0];
  return isAvailableLanguage(base) ? base : null;
}

/** The languages respondent pages can be shown in, named in English (for staff pages). */
export function availableLanguages(): Array<{ code: string; name: string }> {
  const names = new Intl.DisplayNames(['en'], { type: 'language' });
  return Object.keys(CATALOGS).map((code) => ({ code, name: names.of(code) ?? code }));
}

/** Each available language named in itself ("Deutsch", "español"), for a language switcher. */
export function languageAutonyms(): Array<{ code: string; name: string }> {
  return Object.keys(CATALOGS).map((code) => {
    const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
    return { code, name: name.charAt(0).toLocaleUpperCase(code) + name.slice(1) };
  });
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
  dir: TextDirection;
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
    dir: textDirection(messages.meta.lang),
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
