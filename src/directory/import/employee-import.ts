import { EntityManager } from 'typeorm';
import { parseBoolean } from '../../common/validators';
import { EmployeeRow } from './import-rows.dto';
import { beginMissingHistory, recordCurrentState } from '../history/employee-history.queries';
import { ImportDefinition, ImportPlan } from './import.types';
import { changedColumns, queryErrors, summarizeDiff, unnestRows } from './staging';

const STAGE_COLUMNS = [
  ['line', 'int'],
  ['external_id', 'text'],
  ['email', 'text'],
  ['name', 'text'],
  ['unit_external_id', 'text'],
  ['hire_date', 'date'],
  ['exit_date', 'date'],
  ['exit_type', 'text'],
  ['customer_facing', 'bool'],
  ['language', 'text'],
] as const;

/** The stored values each imported column is compared with (e = employees, s = staged row). */
const COMPARED = [
  ['external_id', 'e.external_id', 's.external_id'],
  ['email', 'e.email', 's.email'],
  ['name', 'e.name', 's.name'],
  ['unit_external_id', 'e.unit_id', 's.unit_id'],
  ['hire_date', 'e.hire_date', 's.hire_date'],
  ['exit_date', 'e.exit_date', 's.exit_date'],
  ['exit_type', 'e.exit_type', 's.exit_type'],
  ['customer_facing', 'e.customer_facing', 's.customer_facing'],
  ['language', 'e.language', 's.language'],
  ['reactivated', 'e.deactivated_at', 'NULL::timestamptz'],
] as const;

/**
 * Employees match an existing record by external_id, else by email. An existing employee
 * found by email keeps their external id when the row has none.
 */
export const employeeImport: ImportDefinition<EmployeeRow> = {
  kind: 'employees',
  columns: [
    'external_id',
    'email',
    'name',
    'unit_external_id',
    'hire_date',
    'exit_date',
    'exit_type',
    'customer_facing',
    'language',
  ],
  rowClass: EmployeeRow,
  uniqueColumns: ['external_id', 'email'],

  async plan(manager: EntityManager, rows): Promise<ImportPlan> {
    const cols: unknown[][] = STAGE_COLUMNS.map(() => new Array<unknown>(rows.length));
    rows.forEach(({ line, row }, i) => {
      const exited = row.exit_date !== undefined;
      cols[0][i] = line;
      cols[1][i] = row.external_id ?? null;
      cols[2][i] = row.email?.toLowerCase() ?? null;
      cols[3][i] = row.name ?? null;
      cols[4][i] = row.unit_external_id ?? null;
      cols[5][i] = row.hire_date ?? null;
      cols[6][i] = row.exit_date ?? null;
      cols[7][i] = exited ? (row.exit_type ?? null) : null;
      cols[8][i] = row.customer_facing === undefined ? false : parseBoolean(row.customer_facing);
      cols[9][i] = row.language ?? null;
    });
    const { from, params } = unnestRows(STAGE_COLUMNS, cols);
    await manager.query(
      `CREATE TEMP TABLE import_employees ON COMMIT DROP AS
       SELECT s.line, coalesce(s.external_id, coalesce(bx.external_id, be.external_id)) AS external_id,
              s.external_id AS file_external_id, s.email, s.name, s.unit_external_id, s.hire_date,
              s.exit_date, s.exit_type, s.customer_facing, s.language, u.id AS unit_id,
              bx.id AS by_external_id, be.id AS by_email, be.external_id AS email_owner_external_id,
              coalesce(bx.id, be.id) AS target_id
         FROM ${from}
         LEFT JOIN units u ON u.external_id = s.unit_external_id
         LEFT JOIN employees bx ON bx.external_id = s.external_id
         LEFT JOIN employees be ON be.email = s.email`,
      params,
    );
    await manager.query(`ANALYZE import_employees`);
    const errors = await queryErrors(
      manager,
      `SELECT line, 'unit_external_id' AS column, 'no unit has this external id' AS message,
              unit_external_id AS value
         FROM import_employees WHERE unit_external_id IS NOT NULL AND unit_id IS NULL
       UNION ALL
       SELECT line, 'email', 'already belongs to another employee'
              || coalesce(' (external id ' || email_owner_external_id || ')', ''), email
         FROM import_employees
        WHERE by_email IS NOT NULL
          AND (by_external_id <> by_email
               OR (by_external_id IS NULL AND file_external_id IS NOT NULL
                   AND email_owner_external_id IS NOT NULL))
       UNION ALL
       SELECT line, 'email', 'is the same employee as line ' || first_line, email
         FROM (SELECT line, email, min(line) OVER (PARTITION BY target_id) AS first_line
                 FROM import_employees WHERE target_id IS NOT NULL) same
        WHERE line <> first_line`,
    );
    const diff = await summarizeDiff(
      manager,
      `SELECT s.line, coalesce(s.external_id, s.email) AS key, s.name, s.target_id IS NULL AS is_new,
              ${changedColumns(COMPARED)} AS changes
         FROM import_employees s LEFT JOIN employees e ON e.id = s.target_id`,
    );
    return { ...diff, errors, notes: [] };
  },

  async apply(manager: EntityManager): Promise<void> {
    const stored = COMPARED.map(([, old]) => old).join(', ');
    const incoming = COMPARED.map(([, , next]) => next.replace(/^s\./, 'EXCLUDED.')).join(', ');
    const existing = new Set(
      (
        await manager.query<Array<{ id: string }>>(
          `SELECT target_id AS id FROM import_employees WHERE target_id IS NOT NULL`,
        )
      ).map((r) => r.id),
    );
    const written = await manager.query<Array<{ id: string }>>(
      `INSERT INTO employees AS e (id, external_id, email, name, unit_id, hire_date, exit_date,
                                   exit_type, customer_facing, language)
       SELECT coalesce(s.target_id, gen_random_uuid()), s.external_id, s.email, s.name, s.unit_id,
              s.hire_date, s.exit_date, s.exit_type, s.customer_facing, s.language
         FROM import_employees s
       ON CONFLICT (id) DO UPDATE
          SET external_id = EXCLUDED.external_id, email = EXCLUDED.email, name = EXCLUDED.name,
              unit_id = EXCLUDED.unit_id, hire_date = EXCLUDED.hire_date,
              exit_date = EXCLUDED.exit_date, exit_type = EXCLUDED.exit_type,
              customer_facing = EXCLUDED.customer_facing, language = EXCLUDED.language,
              deactivated_at = NULL, updated_at = now()
        WHERE (${stored}) IS DISTINCT FROM (${incoming})
       RETURNING e.id`,
    );
    // Each row is the current state from its date: new people begin a history, changed ones
    // get a move, exit or rehire recorded (employee-timeline.ts, withCurrentState).
    const ids = written.map((r) => r.id);
    await beginMissingHistory(
      manager,
      ids.filter((id) => !existing.has(id)),
    );
    await recordCurrentState(
      manager,
      ids.filter((id) => existing.has(id)),
    );
  },
};
