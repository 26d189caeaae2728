import { CsvError, parse } from 'csv-parse/sync';
import { restoreCell } from './csv-cells';

/** One problem in the file: line 1 is the header; column is the CSV column name ('' for the row). */
export interface RowError {
  line: number;
  column: string;
  message: string;
  value?: string;
}

/** How many row errors an import reports (the first, by line). */
export const MAX_REPORTED_ERRORS = 1000;

export interface CsvRow {
  /** Line in the file where the row starts (the header is line 1). */
  line: number;
  /** Cells by column name; blank cells are undefined. */
  values: Record<string, string | undefined>;
}

export interface CsvTable {
  /** Data rows in the file, including those refused for a wrong number of cells. */
  count: number;
  rows: CsvRow[];
  errors: RowError[];
  ignoredColumns: string[];
}

/** A header cell as the readers name its column: trimmed, lower case, spaces and dashes as _. */
export const normalizeHeader = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

const SEPARATORS = [
  { char: ';', name: 'semicolons (;)' },
  { char: '\t', name: 'tabs' },
] as const;

/**
 * A file saved by a spreadsheet set to a European or tab-separated locale reads as one
 * column per line; naming the separator says in one sentence what eight "column missing"
 * errors would not. Decided on the raw header line, before quoting can fail the parse.
 */
function wrongSeparatorError(text: string, columns: readonly string[]): RowError | undefined {
  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? '';
  const namesSplitBy = (separator: string) =>
    firstLine.split(separator).map((cell) => normalizeHeader(cell.replace(/"/g, '')));
  if (columns.every((column) => namesSplitBy(',').includes(column))) return undefined;
  for (const { char, name } of SEPARATORS) {
    const names = namesSplitBy(char);
    const known = columns.filter((column) => names.includes(column)).length;
    if (known >= Math.min(2, columns.length))
      return {
        line: 1,
        column: '',
        message: `This file seems to use ${name} between columns; save it as comma-separated CSV (“CSV UTF-8”) and upload it again.`,
      };
  }
  return undefined;
}

/** The header row's column names (normalized), or [] when the first line is not readable CSV. */
export function readCsvHeader(content: string): string[] {
  const text = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  try {
    const [header] = parse(text, { to_line: 1, skip_empty_lines: true, relax_column_count: true });
    return Array.isArray(header) ? header.map((cell) => normalizeHeader(String(cell))) : [];
  } catch (error) {
    if (error instanceof CsvError) return [];
    throw error;
  }
}

/**
 * Reads a CSV whose header must hold every one of `required` (by default all `columns`);
 * a missing optional column reads as blank cells, other columns are ignored and reported.
 * Rows with the wrong number of cells are errors, not guesses.
 */
export function readCsv(
  content: string,
  columns: readonly string[],
  required: readonly string[] = columns,
): CsvTable {
  const text = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const separatorError = wrongSeparatorError(text, required);
  if (separatorError) {
    const count = text.split('\n').filter((line) => line.trim() !== '').length - 1;
    return { count, rows: [], errors: [separatorError], ignoredColumns: [] };
  }
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? 0;
    return {
      count: 0,
      rows: [],
      errors: [{ line, column: '', message: `The file is not valid CSV: ${error.message}` }],
      ignoredColumns: [],
    };
  }
  if (records.length === 0)
    return {
      count: 0,
      rows: [],
      errors: [{ line: 1, column: '', message: 'The file is empty.' }],
      ignoredColumns: [],
    };

  const header = records[0].record.map(normalizeHeader);
  const errors: RowError[] = [];
  const missing = required.filter((c) => !header.includes(c));
  for (const column of missing)
    errors.push({ line: 1, column, message: 'This column is missing from the header row.' });
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name) && columns.includes(name))
      errors.push({ line: 1, column: name, message: 'This column appears twice in the header.' });
    seen.add(name);
  }
  if (errors.length) return { count: records.length - 1, rows: [], errors, ignoredColumns: [] };
  const ignoredColumns = header.filter((h) => h !== '' && !columns.includes(h));
  const positions = columns.map((c) => [c, header.indexOf(c)] as const);

  const rows: CsvRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const { record, info } = records[i];
    // info.lines is where the record ends; a quoted cell may span lines.
    let line = info.lines;
    for (const cell of record) if (cell.includes('\n')) line -= cell.split('\n').length - 1;
    if (record.length !== header.length) {
      errors.push({
        line,
        column: '',
        message: `This row has ${record.length} cells; the header has ${header.length}.`,
      });
      continue;
    }
    const values: Record<string, string | undefined> = {};
    for (const [name, index] of positions) {
      if (index < 0) continue;
      const cell = restoreCell(record[index]);
      values[name] = cell === '' ? undefined : cell;
    }
    rows.push({ line, values });
  }
  if (rows.length === 0 && errors.length === 0)
    errors.push({ line: 2, column: '', message: 'The file has a header row but no data rows.' });
  return { count: records.length - 1, rows, errors, ignoredColumns };
}
