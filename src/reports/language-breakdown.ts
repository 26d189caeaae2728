import type { LanguageCount } from '../analytics/queries/response-languages.query';
import { hiddenCell, ReportTable } from './report-table';

export interface LanguageRow {
  /** null: not recorded (an employee's language dropped to protect a small group). */
  language: string | null;
  /** null: hidden (fewer than ANONYMITY_MIN, or hidden so another cannot be subtracted out). */
  employee: number | null;
  customer: number;
}

/**
 * Response counts per language answered in, for the cycle report. Employee groups follow the
 * anonymity rules like every other breakdown: a language with fewer than `anonymityMin`
 * employee responses is hidden, and when exactly one group is hidden the next smallest is
 * hidden too, so the hidden one cannot be worked out from the total. Customer counts are
 * shown as they are (customer responses are identified; customers are told so).
 */
export function languageBreakdown(
  counts: readonly LanguageCount[],
  anonymityMin: number,
): LanguageRow[] {
  const languages = [...new Set(counts.map((c) => c.language))].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a.localeCompare(b),
  );
  const count = (audience: LanguageCount['audience'], language: string | null) =>
    counts.find((c) => c.audience === audience && c.language === language)?.n ?? 0;
  const employee = languages.map((language) => count('employee', language));
  const hidden = employee.map((n) => n > 0 && n < anonymityMin);
  if (hidden.filter(Boolean).length === 1) {
    const next = employee
      .map((n, i) => ({ n, i }))
      .filter(({ n, i }) => n > 0 && !hidden[i])
      .sort((a, b) => a.n - b.n)[0];
    if (next) hidden[next.i] = true;
  }
  return languages.map((language, i) => ({
    language,
    employee: hidden[i] ? null : employee[i],
    customer: count('customer', language),
  }));
}

/** The breakdown as a report table; `names` gives each language code its name. */
export function languageTable(
  rows: readonly LanguageRow[],
  names: ReadonlyMap<string, string>,
): ReportTable {
  return {
    id: 'languages',
    caption: 'Responses by language answered in',
    columns: [
      { key: 'language', label: 'Language', format: 'text' },
      { key: 'employee', label: 'Employee responses', format: 'count' },
      { key: 'customer', label: 'Customer responses', format: 'count' },
    ],
    rows: rows.map((r) => ({
      language: r.language === null ? 'Not recorded' : (names.get(r.language) ?? r.language),
      employee:
        r.employee === null
          ? hiddenCell(
              'Hidden: too few responses, or hidden so a smaller group cannot be worked out',
            )
          : r.employee,
      customer: r.customer,
    })),
  };
}
