import Handlebars from 'handlebars';
import { formatDate, formatDateTime } from './time-zone';

/** The company's time zone, from the page's model (PageRenderer.context); UTC when absent. */
function zoneOf(options: unknown): string | undefined {
  const root = (options as { data?: { root?: { timeZone?: unknown } } } | undefined)?.data?.root;
  return typeof root?.timeZone === 'string' ? root.timeZone : undefined;
}

/** View helpers shared by every template; output is escaped unless a helper says otherwise. */
export function registerHandlebarsHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  hbs.registerHelper('gt', (a: number, b: number) => a > b);
  hbs.registerHelper('lt', (a: number, b: number) => a < b);
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper(
    'lookupErr',
    (errors: Record<string, string> | undefined, key: string) => errors?.[key],
  );
  // A moment's day (a calendar date stays as it is) and time, in the model's `timeZone`.
  hbs.registerHelper('date', (value: unknown, options: unknown) =>
    formatDate(value, zoneOf(options)),
  );
  hbs.registerHelper('datetime', (value: unknown, options: unknown) =>
    formatDateTime(value, zoneOf(options)),
  );
  hbs.registerHelper('number', (value: unknown, digits?: unknown) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
    const d = typeof digits === 'number' ? digits : 0;
    return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  });
  hbs.registerHelper('percent', (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(0)}%` : '—',
  );
  hbs.registerHelper('json', (value: unknown) => JSON.stringify(value));
  hbs.registerHelper('inc', (value: number) => value + 1);
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  hbs.registerHelper('queryWith', (base: Record<string, unknown>, key: string, value: unknown) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(base ?? {}))
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    params.set(key, String(value));
    return `?${params.toString()}`;
  });
}
