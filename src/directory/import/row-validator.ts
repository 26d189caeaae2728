import { validateSync, ValidationError } from 'class-validator';
import { CsvRow, RowError } from '../../common/csv-reader';
import { ImportDefinition, ImportProgress, StagedRow } from './import.types';

/**
 * Validates every row against the format's DTO, then finds keys repeated within the file.
 * Returns every row for staging with its failing cells left out (so the database checks of
 * its other cells still run and one upload reports all of a row's problems), the lines that
 * have errors, and an error per failing cell.
 */
export function validateRows<Row extends object>(
  definition: ImportDefinition<Row>,
  csvRows: CsvRow[],
  onProgress?: ImportProgress,
): { staged: Array<StagedRow<Row>>; errors: RowError[] } {
  const errors: RowError[] = [];
  const staged: Array<StagedRow<Row>> = [];
  const firstSeen = definition.uniqueColumns.map(() => new Map<string, number>());

  csvRows.forEach(({ line, values }, index) => {
    const row = Object.assign(new definition.rowClass(), values);
    const bad = new Set<string>();
    for (const problem of validateSync(row, { forbidUnknownValues: false })) {
      bad.add(problem.property);
      errors.push({
        line,
        column: problem.property,
        message: messageOf(problem),
        value: values[problem.property],
      });
    }
    definition.uniqueColumns.forEach((column, i) => {
      const value = values[column]?.toLowerCase();
      if (value === undefined || bad.has(column)) return;
      const first = firstSeen[i].get(value);
      if (first === undefined) firstSeen[i].set(value, line);
      else {
        bad.add(column);
        errors.push({
          line,
          column,
          message: `repeats line ${first}; each ${column} may appear only once`,
          value: values[column],
        });
      }
    });
    const cells: Partial<Row> = Object.assign(new definition.rowClass(), values);
    for (const column of bad) delete (cells as Record<string, unknown>)[column];
    staged.push({ line, row: cells });
    if (onProgress && (index + 1) % 1000 === 0) onProgress('validate', index + 1, csvRows.length);
  });
  onProgress?.('validate', csvRows.length, csvRows.length);
  return { staged, errors };
}

/**
 * One message per cell, the most basic problem first: decorators run bottom-up, so without
 * this an empty name would be reported by MaxLength ("too long") instead of "is required".
 */
function messageOf(problem: ValidationError): string {
  const constraints = problem.constraints ?? {};
  return constraints.isNotEmpty ?? Object.values(constraints)[0] ?? 'is not valid';
}
