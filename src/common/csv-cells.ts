import { stringify } from 'csv-stringify/sync';

/** Cells a spreadsheet would run as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a spreadsheet would run this cell as a formula. */
export function looksLikeFormula(value: string): boolean {
  return FORMULA_START.test(value);
}

/** A plain number is data, not a formula, even when negative. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e-?\d+)?$/;

/**
 * Prefixes a formula-like cell with an apostrophe so spreadsheets show it as text; a plain
 * number (−0.42) stays a number.
 */
export function neutralizeCell(value: string): string {
  return looksLikeFormula(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** Undoes neutralizeCell, so an exported file imports back unchanged. */
export function restoreCell(value: string): string {
  return value.startsWith("'") && looksLikeFormula(value.slice(1)) ? value.slice(1) : value;
}

/**
 * A UTF-8 byte-order mark: Excel reads a CSV without one in the machine's legacy code page, so
 * "Café" and "−" turn into mojibake. Spreadsheets and our own importers drop it.
 */
export const UTF8_BOM = '\uFEFF';

/**
 * The one CSV writer: rows (header first) as CSV text with every cell neutralized; `bom` puts
 * a UTF-8 byte-order mark first, for files people open in a spreadsheet.
 */
export function toCsv(rows: readonly (readonly string[])[], options: { bom?: boolean } = {}): string {
  const text = stringify(rows.map((row) => row.map(neutralizeCell)));
  return options.bom ? `${UTF8_BOM}${text}` : text;
}
