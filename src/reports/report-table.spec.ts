import {
  csvRows,
  hiddenCell,
  neutralizeFormula,
  ReportTable,
  toCsv,
  toHtmlTable,
} from './report-table';
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

  it("writes the page's units: percent where the page shows percent, and says so in the header", () => {
    const t: ReportTable = {
      id: 'rates',
      caption: 'Rates',
      columns: [
        { key: 'unit', label: 'Unit', format: 'text' },
        { key: 'rate', label: 'Employee rate', format: 'proportion' },
        { key: 'turnover', label: 'Turnover (annualized)', format: 'metric:turnoverRate' },
        { key: 'csat', label: 'CSAT', format: 'metric:csat' },
        { key: 'nps', label: 'NPS', format: 'metric:nps' },
        { key: 'n', label: 'Responses', format: 'count' },
        { key: 'already', label: 'Turnover, % a year', format: 'proportion' },
      ],
      rows: [
        { unit: 'Bow', rate: 0.153, turnover: 0.2, csat: 82.5, nps: -12, n: 40, already: 0.07 },
        { unit: 'Kiosk', rate: hiddenCell('Fewer than 5 responses.'), turnover: null },
      ],
    };
    const [header, bow, kiosk] = csvRows(t);
    expect(header).toEqual([
      'Unit',
      'Employee rate (%)',
      'Turnover (annualized) (%)',
      'CSAT (%)',
      'NPS',
      'Responses',
      'Turnover, % a year',
    ]);
    expect(bow).toEqual(['Bow', '15.3', '20', '82.5', '-12', '40', '7']);
    expect(kiosk.slice(0, 3)).toEqual(['Kiosk', 'hidden: Fewer than 5 responses.', '']);
    // The page shows the same figures, in the same units.
    const html = toHtmlTable(t);
    expect(html.rows[0].cells.slice(0, 3).map((c) => c.text)).toEqual(['15.3%', '20.0%', '82.5%']);
  });

  it('starts a download with a UTF-8 byte-order mark, so a spreadsheet reads “−” and “é”', () => {
    const t = table([{ unit: 'Café', engagement: 70, r: -0.2 }]);
    const text = toCsv(t, { bom: true });
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(parse(text, { bom: true })[1]).toEqual(['Café', '70', '-0.2']);
    // The command line's CSV goes to a terminal or a pipe: no mark unless asked.
    expect(toCsv(t).charCodeAt(0)).not.toBe(0xfeff);
  });
});
