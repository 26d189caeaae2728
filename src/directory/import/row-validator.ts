import { validateSync } from 'class-validator';
import { CsvRow, RowError } from '../../common/csv-reader';
import { ImportDefinition, ImportProgress } from './import.types';

/**
 * Validates every row against the format's DTO, then finds keys repeated within the file.
 * Returns the rows that passed, ready to stage, and an error per failing cell.
 */
export function validateRows<Row extends object>(
  definition: ImportDefinition<Row>,
  csvRows: CsvRow[],
  onProgress?: ImportProgress,
): { valid: Array<{ line: number; row: Row }>; errors: RowError[] } {
  const errors: RowError[] = [];
  const valid: Array<{ line: number; row: Row }> = [];
  const firstSeen = definition.uniqueColumns.map(() => new Map<string, number>());

  csvRows.forEach(({ line, values }, index) => {
    const row = Object.assign(new definition.rowClass(), values);
    const problems = validateSync(row, { forbidUnknownValues: false, stopAtFirstError: true });
    for (const problem of problems) {
      errors.push({
        line,
        column: problem.property,
        message: Object.values(problem.constraints ?? {})[0] ?? 'is not valid',
        value: values[problem.property],
      });
    }
    let duplicate = false;
    definition.uniqueColumns.forEach((column, i) => {
      const value = values[column]?.toLowerCase();
      if (value === undefined) return;
      const first = firstSeen[i].get(value);
      if (first === undefined) firstSeen[i].set(value, line);
      else {
        duplicate = true;
        errors.push({
          line,
          column,
          message: `repeats line ${first}; each ${column} may appear only once`,
          value: values[column],
        });
      }
    });
    if (problems.length === 0 && !duplicate) valid.push({ line, row });
    if (onProgress && (index + 1) % 1000 === 0) onProgress('validate', index + 1, csvRows.length);
  });
  onProgress?.('validate', csvRows.length, csvRows.length);
  return { valid, errors };
}
