import { neutralizeCell, toCsv as writeCsv } from '../common/csv-cells';
import { formatMetric, valueKind } from './metric-display';
import {
  formatCount,
  formatP,
  formatProportion,
  formatR,
  formatScore,
  formatStatistic,
  MISSING,
} from './report-format';

/**
 * One definition per report table, rendered twice: as an HTML table on the page (formatted
 * for reading) and as CSV (plain numbers a spreadsheet can use). Hidden figures stay hidden in
 * both, with their reason, because both come from the same rows.
 */

export interface HiddenCell {
  hidden: true;
  reason: string;
}

export type CellValue = string | number | null | HiddenCell;

/**
 * How a column prints: `metric:<key>` formats by the metric's kind (see metric-display);
 * `r`/`p` are correlations and p/q values; `count`, `proportion` (0.15 → 15%), `score`
 * (one decimal), `statistic`, `text`.
 */
export type ColumnFormat =
  'text' | 'count' | 'r' | 'p' | 'proportion' | 'score' | 'statistic' | `metric:${string}`;

export interface ReportColumn {
  key: string;
  label: string;
  format: ColumnFormat;
}

export interface ReportTable {
  /** file name of the CSV (without .csv) and the table's id on the page */
  id: string;
  caption: string;
  columns: ReportColumn[];
  rows: Record<string, CellValue>[];
  /** the page shows at most this many rows (the CSV has them all) */
  pageLimit?: number;
  note?: string;
}

export interface HtmlCell {
  text: string;
  numeric: boolean;
  hidden: boolean;
  title?: string;
}

export interface HtmlTable {
  id: string;
  caption: string;
  headers: { label: string; numeric: boolean }[];
  /** `depth` indents the row header (units in a tree) */
  rows: { header: HtmlCell; cells: HtmlCell[]; depth: number }[];
  /** rows left out of the page, all in the CSV */
  omitted: number;
  shown: number;
  total: number;
  note?: string;
  hasHidden: boolean;
}

export const isHidden = (value: CellValue | undefined): value is HiddenCell =>
  typeof value === 'object' && value !== null && value.hidden;

export function hiddenCell(reason: string): HiddenCell {
  return { hidden: true, reason };
}

function formatForPage(value: CellValue | undefined, format: ColumnFormat): string {
  if (value === null || value === undefined) return MISSING;
  if (isHidden(value)) return 'hidden';
  if (typeof value === 'string') return value === '' ? MISSING : value;
  if (format.startsWith('metric:')) return formatMetric(format.slice(7), value, 1);
  switch (format) {
    case 'count':
      return formatCount(value);
    case 'r':
      return formatR(value);
    case 'p':
      return formatP(value);
    case 'proportion':
      return formatProportion(value, 1);
    case 'score':
      return formatScore(value, 1);
    case 'statistic':
      return formatStatistic(value);
    case 'text':
      return String(value);
  }
  return String(value);
}

export function toHtmlTable(table: ReportTable): HtmlTable {
  const limit = table.pageLimit ?? Number.POSITIVE_INFINITY;
  const shown = table.rows.slice(0, limit);
  const numeric = table.columns.map((c) => c.format !== 'text');
  let hasHidden = false;
  const cell = (row: Record<string, CellValue>, index: number): HtmlCell => {
    const column = table.columns[index];
    const value = row[column.key];
    const hidden = isHidden(value);
    if (hidden) hasHidden = true;
    return {
      text: formatForPage(value, column.format),
      numeric: numeric[index] && !hidden,
      hidden,
      title: hidden ? value.reason : undefined,
    };
  };
  return {
    id: table.id,
    caption: table.caption,
    headers: table.columns.map((c, i) => ({ label: c.label, numeric: numeric[i] })),
    rows: shown.map((row) => ({
      header: cell(row, 0),
      cells: table.columns.slice(1).map((_, i) => cell(row, i + 1)),
      depth: typeof row.depth === 'number' ? Math.min(row.depth, 4) : 0,
    })),
    omitted: table.rows.length - shown.length,
    shown: shown.length,
    total: table.rows.length,
    note: table.note,
    hasHidden,
  };
}

/** Prefixes text that a spreadsheet would run as a formula with an apostrophe (numbers stay). */
export const neutralizeFormula = neutralizeCell;

/**
 * How many times its stored value a column's CSV figure is: proportions (a turnover rate of
 * 0.153, a response rate) are written as percents (15.3), as the page shows them.
 */
function csvScale(format: ColumnFormat): number {
  if (format === 'proportion') return 100;
  if (format.startsWith('metric:') && valueKind(format.slice(7)) === 'proportion') return 100;
  return 1;
}

/** A column's CSV header: its label, with "(%)" where the page shows the figure in percent. */
function csvHeader(column: ReportColumn): string {
  const percent =
    column.format === 'proportion' ||
    (column.format.startsWith('metric:') &&
      ['proportion', 'percent'].includes(valueKind(column.format.slice(7))));
  return percent && !column.label.includes('%') ? `${column.label} (%)` : column.label;
}

function csvValue(value: CellValue | undefined, scale: number): string {
  if (value === null || value === undefined) return '';
  if (isHidden(value)) return `hidden: ${value.reason}`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(round(value * scale)) : '';
  return value;
}

/** Six significant decimals are plenty for a spreadsheet and keep files readable. */
const round = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * The whole table (every row, header first) as CSV cells, in the page's units: percent where
 * the page shows percent (the header says so), plain unformatted numbers otherwise.
 */
export function csvRows(table: ReportTable): string[][] {
  const scales = table.columns.map((c) => csvScale(c.format));
  return [
    table.columns.map(csvHeader),
    ...table.rows.map((row) => table.columns.map((c, i) => csvValue(row[c.key], scales[i]))),
  ];
}

/**
 * The whole table as CSV text (the one writer in src/common, formula-like cells neutralized);
 * `bom` for a download a spreadsheet opens.
 */
export function toCsv(table: ReportTable, options: { bom?: boolean } = {}): string {
  return writeCsv(csvRows(table), options);
}
