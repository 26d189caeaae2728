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
