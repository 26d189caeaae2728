import type { LanguageCount } from '../analytics/queries/response-languages.query';
import { languageBreakdown, languageTable } from './language-breakdown';

const employee = (language: string | null, n: number): LanguageCount => ({
  audience: 'employee',
  language,
  n,
});
const customer = (language: string | null, n: number): LanguageCount => ({
  audience: 'customer',
  language,
  n,
});

describe(languageBreakdown.name, () => {
  it('shows every language group that reaches the minimum, customers as counted', () => {
    const rows = languageBreakdown(
      [employee('en', 12), employee('de', 6), customer('en', 4), customer('es', 1)],
      5,
    );
    expect(rows).toEqual([
      { language: 'de', employee: 6, customer: 0 },
      { language: 'en', employee: 12, customer: 4 },
      { language: 'es', employee: 0, customer: 1 },
    ]);
  });

  it('hides a small employee group and the next smallest, so it cannot be subtracted', () => {
    const rows = languageBreakdown([employee('en', 20), employee('de', 7), employee('es', 2)], 5);
    expect(rows.map((r) => [r.language, r.employee])).toEqual([
      ['de', null],
      ['en', 20],
      ['es', null],
    ]);
  });

  it('needs no second suppression when two groups are already hidden', () => {
    const rows = languageBreakdown(
      [employee('en', 20), employee('de', 3), employee('es', 2), employee(null, 9)],
      5,
    );
    expect(rows.map((r) => r.employee)).toEqual([null, 20, null, 9]);
  });

  it('says hidden in the table, never the count', () => {
    const rows = languageBreakdown([employee('en', 20), employee('es', 2)], 5);
    const table = languageTable(rows, new Map([['es', 'Spanish']]));
    expect(JSON.stringify(table)).not.toContain('"employee":2');
    expect(table.rows.map((r) => r.language)).toEqual(['en', 'Spanish']);
    expect(table.rows.every((r) => typeof r.employee === 'object')).toBe(true);
  });
});
