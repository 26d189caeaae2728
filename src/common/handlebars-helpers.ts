import Handlebars from 'handlebars';

const pad = (n: number) => String(n).padStart(2, '0');

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
  hbs.registerHelper('date', (value: unknown) => {
    if (!value) return '';
    const d = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(d.getTime())) return String(value);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  });
  hbs.registerHelper('datetime', (value: unknown) => {
    if (!value) return '';
    const d = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(d.getTime())) return String(value);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
  });
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
