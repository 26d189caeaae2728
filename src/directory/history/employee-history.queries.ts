import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ExitType } from '../entities/employee.entity';
import {
  currentStateOf,
  sameTimeline,
  type CurrentState,
  type Timeline,
  withCurrentState,
} from './employee-timeline';

/*
 * The SQL of employment_periods and unit_assignments. A history is always written whole per
 * person (delete, then insert), inside the caller's transaction, and every write also touches
 * employees.updated_at: the report fingerprint watches that column, so a changed history
 * invalidates kept reports without a scan of the history tables on every request.
 */

/** Today as PostgreSQL sees it (the `current_date` the directory's status rules use). */
export async function today(manager: EntityManager): Promise<string> {
  const [row] = await manager.query<Array<{ today: string }>>(`SELECT current_date::text AS today`);
  return row.today;
}

/**
 * One period from the hire date and one assignment in the current unit for every employee
 * among `ids` (all of them when null) that has no history yet: what a new employees row means.
 */
export async function beginMissingHistory(
  manager: EntityManager,
  ids: readonly string[] | null = null,
): Promise<void> {
  await manager.query(
    `WITH fresh AS (
       INSERT INTO employment_periods (id, employee_id, hire_date, exit_date, exit_type)
       SELECT gen_random_uuid(), e.id, e.hire_date, CASE WHEN e.exit_date IS NOT NULL THEN greatest(e.exit_date, e.hire_date) END,
              CASE WHEN e.exit_date IS NOT NULL THEN e.exit_type END
         FROM employees e
        WHERE ($1::uuid[] IS NULL OR e.id = ANY($1::uuid[]))
          AND NOT EXISTS (SELECT 1 FROM employment_periods p WHERE p.employee_id = e.id)
       RETURNING id, employee_id, hire_date, exit_date)
     INSERT INTO unit_assignments (id, employee_id, period_id, unit_id, start_date, end_date)
     SELECT gen_random_uuid(), f.employee_id, f.id, e.unit_id, f.hire_date, f.exit_date
       FROM fresh f JOIN employees e ON e.id = f.employee_id`,
    [ids === null ? null : [...ids]],
  );
}

/** The stored timelines of these employees (an employee without history has an empty one). */
export async function loadTimelines(
  manager: EntityManager,
  ids: readonly string[],
): Promise<Map<string, Timeline>> {
  const timelines = new Map<string, Timeline>(ids.map((id) => [id, []]));
  if (ids.length === 0) return timelines;
  const rows = await manager.query<
    Array<{
      employee_id: string;
      period_id: string;
      hire: string;
      exit: string | null;
      exit_type: ExitType | null;
      unit_id: string;
      start: string;
      end: string | null;
    }>
  >(
    `SELECT p.employee_id, p.id AS period_id, p.hire_date::text AS hire, p.exit_date::text AS exit,
            p.exit_type, a.unit_id, a.start_date::text AS start, a.end_date::text AS "end"
       FROM employment_periods p JOIN unit_assignments a ON a.period_id = p.id
      WHERE p.employee_id = ANY($1::uuid[])
      ORDER BY p.employee_id, p.hire_date, a.start_date`,
    [[...ids]],
  );
  let periodId = '';
  for (const r of rows) {
    const timeline = timelines.get(r.employee_id)!;
    if (r.period_id !== periodId) {
      periodId = r.period_id;
      timeline.push({ hire: r.hire, exit: r.exit, exitType: r.exit_type, assignments: [] });
    }
    timeline.at(-1)!.assignments.push({ unitId: r.unit_id, start: r.start, end: r.end });
  }
  return timelines;
}

/**
 * Replaces the history of each employee in `timelines`, in three set-based statements, and
 * touches their employees rows (see above).
 */
export async function saveTimelines(
  manager: EntityManager,
  timelines: ReadonlyMap<string, Timeline>,
): Promise<void> {
  if (timelines.size === 0) return;
  const ids = [...timelines.keys()];
  const periods: unknown[][] = [[], [], [], [], []];
  const assignments: unknown[][] = [[], [], [], [], [], []];
  for (const [employeeId, timeline] of timelines) {
    for (const period of timeline) {
      const periodId = randomUUID();
      [employeeId, periodId, period.hire, period.exit, period.exitType].forEach((v, i) =>
        periods[i].push(v),
      );
      for (const a of period.assignments)
        [randomUUID(), employeeId, periodId, a.unitId, a.start, a.end].forEach((v, i) =>
          assignments[i].push(v),
        );
    }
  }
  await manager.query(`DELETE FROM employment_periods WHERE employee_id = ANY($1::uuid[])`, [ids]);
  await manager.query(
    `INSERT INTO employment_periods (employee_id, id, hire_date, exit_date, exit_type)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::date[], $5::text[])`,
    periods,
  );
  await manager.query(
    `INSERT INTO unit_assignments (id, employee_id, period_id, unit_id, start_date, end_date)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::date[], $6::date[])`,
    assignments,
  );
  await manager.query(`UPDATE employees SET updated_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
}

/**
 * After employees rows were edited or imported: their state becomes the current state from
 * its date (employee-timeline.ts, withCurrentState). Employees without history begin one.
 */
export async function recordCurrentState(
  manager: EntityManager,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await beginMissingHistory(manager, ids);
  const rows = await manager.query<Array<CurrentState & { id: string }>>(
    `SELECT id, unit_id AS "unitId", hire_date::text AS "hireDate", exit_date::text AS "exitDate",
            exit_type AS "exitType"
       FROM employees WHERE id = ANY($1::uuid[])`,
    [[...ids]],
  );
  const stored = await loadTimelines(
    manager,
    rows.map((r) => r.id),
  );
  const day = await today(manager);
  const changed = new Map<string, Timeline>();
  for (const { id, ...state } of rows) {
    const before = stored.get(id)!;
    const after = withCurrentState(before, state, day);
    if (!sameTimeline(before, after)) changed.set(id, after);
  }
  await saveTimelines(manager, changed);
}

/**
 * Sets the employees rows of these people to their timelines' current state (after a history
 * import): unit, hire, exit and exit type. Rows already right are left alone.
 */
export async function applyCurrentState(
  manager: EntityManager,
  timelines: ReadonlyMap<string, Timeline>,
): Promise<void> {
  const day = await today(manager);
  const cols: unknown[][] = [[], [], [], [], []];
  for (const [id, timeline] of timelines) {
    const state = currentStateOf(timeline, day);
    if (!state) continue;
    [id, state.unitId, state.hireDate, state.exitDate, state.exitType].forEach((v, i) =>
      cols[i].push(v),
    );
  }
  await manager.query(
    `UPDATE employees e
        SET unit_id = s.unit_id, hire_date = s.hire_date, exit_date = s.exit_date,
            exit_type = s.exit_type, updated_at = now()
       FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::date[], $5::text[])
            AS s(id, unit_id, hire_date, exit_date, exit_type)
      WHERE e.id = s.id
        AND (e.unit_id, e.hire_date, e.exit_date, e.exit_type)
            IS DISTINCT FROM (s.unit_id, s.hire_date, s.exit_date, s.exit_type)`,
    cols,
  );
}
