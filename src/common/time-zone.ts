/**
 * Moments written in the company's time zone (Settings). One place for the formats, so pages,
 * respondent pages and emails say the same time the same way.
 */
export const DEFAULT_TIME_ZONE = 'UTC';

const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;
const formats = new Map<string, Intl.DateTimeFormat>();

function format(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formats.get(key);
  if (!f) {
    f = make();
    formats.set(key, f);
  }
  return f;
}

/**
 * The IANA name as it is best written ("america/los_angeles" → "America/Los_Angeles"), or null
 * when this runtime's Intl does not know it. Offsets ("+05:30") and abbreviations ("PST") are
 * refused: they do not follow daylight saving.
 */
export function canonicalTimeZone(value: string): string | null {
  const name = value.trim();
  if (!IANA_NAME.test(name) || name.length > 64) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
  } catch {
    return null;
  }
  if (name.toUpperCase() === 'UTC') return 'UTC';
  const known = timeZoneNames().find((z) => z.toLowerCase() === name.toLowerCase());
  if (known) return known;
  // Names Intl accepts but lists under an older spelling (Asia/Kolkata): keep them, cased.
  return name
    .split('/')
    .map((part) =>
      part.replace(/(^|[_-])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase()),
    )
    .join('/');
}

let names: string[] | undefined;

/** Every IANA zone this runtime knows, UTC first: the settings page offers them. */
export function timeZoneNames(): string[] {
  names ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return names;
}

function asDate(value: unknown): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(d.getTime()) ? null : d;
}

function parts(d: Date, timeZone: string): Record<string, string> {
  const f = format(
    `parts:${timeZone}`,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      }),
  );
  return Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
}

/** "PDT", "GMT+5:30", "UTC": the zone's short name at that moment. */
export function zoneAbbreviation(d: Date, timeZone: string): string {
  return parts(d, timeZone).timeZoneName ?? timeZone;
}

/** YYYY-MM-DD of the moment in the zone. A calendar date (YYYY-MM-DD) is returned as it is. */
export function formatDate(value: unknown, timeZone = DEFAULT_TIME_ZONE): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = asDate(value);
  if (!d) return value ? String(value) : '';
  const p = parts(d, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** "2026-05-18 10:00 PDT": the moment in the zone, with the zone named. */
export function formatDateTime(value: unknown, timeZone = DEFAULT_TIME_ZONE): string {
  const d = asDate(value);
  if (!d) return value ? String(value) : '';
  const p = parts(d, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName ?? timeZone}`;
}

/**
 * A deadline in words, "Monday 18 May 2026 at 10:00 PDT", in a locale's style (en-GB by
 * default), for emails and respondent pages.
 */
export function formatDeadline(
  value: Date,
  timeZone = DEFAULT_TIME_ZONE,
  locale = 'en-GB',
  dateStyle: 'full' | 'long' = 'full',
): string {
  const date = format(
    `${dateStyle}:${locale}:${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { timeZone, dateStyle }),
  ).format(value);
  const time = format(
    `time:${locale}:${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short', hourCycle: 'h23' }),
  ).format(value);
  return `${date.replace(/,/g, '')} at ${time} ${zoneAbbreviation(value, timeZone)}`;
}
