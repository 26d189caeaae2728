import { hiddenCell, neutralizeFormula, ReportTable, toCsv, toHtmlTable } from './report-table';
import { parse } from 'csv-parse/sync';

const table = (rows: ReportTable['rows']): ReportTable => ({
  id: 'units',
  caption: 'Units',
  columns: [
    { key: 'unit', label: 'Unit', format: 'text' },
    { key: 'engagement', label: 'Engagement', format: 'metric:engagement' },
    { key: 'r', label: 'r', format: 'r' },
  ],
  rows,
});

describe('report tables', () => {
  it('neutralizes every cell a spreadsheet would run as a formula', () => {
    for (const formula of ['=1+2', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '\r=x'])
      expect(neutralizeFormula(formula)).toBe(`'${formula}`);
    expect(neutralizeFormula('Branch =1')).toBe('Branch =1');
  });

  it('leaves plain negative numbers as numbers', () => {
    expect(neutralizeFormula('-0.42')).toBe('-0.42');
    expect(neutralizeFormula('-12')).toBe('-12');
  });

  it('writes hidden figures as hidden with their reason, in the page and in the CSV', () => {
    const t = table([
      { unit: '=HYPERLINK("x")', engagement: hiddenCell('Fewer than 5 responses.'), r: -0.31 },
      { unit: 'Bow', engagement: 71.25, r: null },
    ]);
    const csv: string[][] = parse(toCsv(t));
    expect(csv[0]).toEqual(['Unit', 'Engagement', 'r']);
    expect(csv[1]).toEqual(['\'=HYPERLINK("x")', 'hidden: Fewer than 5 responses.', '-0.31']);
    expect(csv[2]).toEqual(['Bow', '71.25', '']);

    const html = toHtmlTable(t);
    expect(html.rows[0].cells[0]).toMatchObject({ text: 'hidden', hidden: true });
    expect(html.rows[0].cells[1].text).toBe('−.31');
    expect(html.rows[1].cells[0].text).toBe('71.3');
    expect(html.rows[1].cells[1].text).toBe('—');
    expect(html.hasHidden).toBe(true);
  });

  it('shows at most the page limit of rows and says how many the CSV adds', () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ unit: `U${i}`, engagement: i, r: 0 }));
    const html = toHtmlTable({ ...table(rows), pageLimit: 2 });
    expect(html.rows).toHaveLength(2);
    expect(html.omitted).toBe(3);
    expect(parse(toCsv({ ...table(rows), pageLimit: 2 }))).toHaveLength(6);
  });
});
