import { stringify } from 'csv-stringify/sync';
import { neutralizeCell } from '../common/csv-cells';
import { formatMetric } from './metric-display';
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

/** A plain number is data, not a formula, even when negative. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e-?\d+)?$/;

/** Prefixes text that a spreadsheet would run as a formula with an apostrophe. */
export function neutralizeFormula(text: string): string {
  return PLAIN_NUMBER.test(text) ? text : neutralizeCell(text);
}

function csvValue(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (isHidden(value)) return `hidden: ${value.reason}`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(round(value)) : '';
  return value;
}

/** Six significant decimals are plenty for a spreadsheet and keep files readable. */
const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** The whole table (every row, header first) as CSV, formula-like cells neutralized. */
export function toCsv(table: ReportTable): string {
  const header = table.columns.map((c) => c.label);
  const rows = table.rows.map((row) => table.columns.map((c) => csvValue(row[c.key])));
  return stringify([header, ...rows].map((cells) => cells.map(neutralizeFormula)));
}
