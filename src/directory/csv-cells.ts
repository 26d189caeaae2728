import { stringify } from 'csv-stringify/sync';
import { looksLikeFormula, neutralizeCell } from '../common/csv-cells';

export { neutralizeCell };

/** Undoes neutralizeCell, so an exported file imports back unchanged. */
export function restoreCell(value: string): string {
  return value.startsWith("'") && looksLikeFormula(value.slice(1)) ? value.slice(1) : value;
}

/** Rows (header first) as CSV text with every cell neutralized. */
export function toCsv(rows: string[][]): string {
  return stringify(rows.map((row) => row.map(neutralizeCell)));
}
