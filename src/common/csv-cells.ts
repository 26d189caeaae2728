import { stringify } from 'csv-stringify/sync';

/** Cells a spreadsheet would run as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a spreadsheet would run this cell as a formula. */
export function looksLikeFormula(value: string): boolean {
  return FORMULA_START.test(value);
}

/** Prefixes a formula-like cell with an apostrophe so spreadsheets show it as text. */
export function neutralizeCell(value: string): string {
  return looksLikeFormula(value) ? `'${value}` : value;
}

/** Undoes neutralizeCell, so an exported file imports back unchanged. */
export function restoreCell(value: string): string {
  return value.startsWith("'") && looksLikeFormula(value.slice(1)) ? value.slice(1) : value;
}

/** Rows (header first) as CSV text with every cell neutralized. */
export function toCsv(rows: string[][]): string {
  return stringify(rows.map((row) => row.map(neutralizeCell)));
}
