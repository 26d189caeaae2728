import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { RowError } from '../../common/csv-reader';
import type { ExitType } from '../entities/employee.entity';
import { loadTimelines, today } from '../history/employee-history.queries';
import {
  currentStateOf,
  eventsOf,
  HistoryEvent,
  replay,
  sameTimeline,
  Timeline,
} from '../history/employee-timeline';
import { HistoryRow } from './import-rows.dto';
import { ImportDefinition, ImportPlan, StagedRow } from './import.types';
import { queryErrors, summarizeDiff, unnestRows } from './staging';

const STAGE_COLUMNS = [
  ['line', 'int'],
  ['employee_id', 'text'],
  ['effective_date', 'date'],
  ['event', 'text'],
  ['unit', 'text'],
  ['exit_type', 'text'],
  ['name', 'text'],
  ['email', 'text'],
] as const;

interface Staged {
  line: number;
  employee_id: string;
  effective_date: string | null;
  event: HistoryEvent['kind'] | null;
  unit: string | null;
  unit_id: string | null;
  exit_type: string | null;
  name: string | null;
  email: string | null;
  by_external_id: string | null;
  by_email: string | null;
  email_owner_external_id: string | null;
}

interface Person {
  id: string;
  isNew: boolean;
  externalId: string;
  name: string;
  email: string;
  timeline: Timeline;
}

interface LineDiff {
  line: number;
  key: string;
  name: string;
  isNew: boolean;
  changes: string[];
}

/**
 * Dated history from an HRIS export: one row per hire, move or exit. For each person the file
 * names, its rows replace their stored history from the person's earliest row in the file on
 * (earlier history is kept), so a full export and a monthly one both work and importing the
 * same file again changes nothing. A person new to Tandem needs a hire row with name and email.
 */
export const historyImport: ImportDefinition<HistoryRow> = {
  kind: 'history',
  columns: ['employee_id', 'effective_date', 'event', 'unit', 'exit_type', 'name', 'email'],
  rowClass: HistoryRow,
  uniqueColumns: [],

  async plan(manager: EntityManager, rows): Promise<ImportPlan> {
    await stage(manager, rows);
    const refErrors = await queryErrors(
      manager,
      `SELECT line, 'unit' AS column, 'no unit has this external id' AS message, unit AS value
         FROM import_history WHERE unit IS NOT NULL AND unit_id IS NULL
       UNION ALL
       SELECT line, 'email', 'already belongs to another employee'
              || coalesce(' (external id ' || email_owner_external_id || ')', ''), email
         FROM import_history
        WHERE by_email IS NOT NULL
          AND (by_external_id <> by_email
               OR (by_external_id IS NULL AND email_owner_external_id IS NOT NULL))`,
    );
    const staged = await manager.query<Staged[]>(
      `SELECT line, employee_id, effective_date::text AS effective_date, event, unit, unit_id,
              exit_type, name, email, by_external_id, by_email, email_owner_external_id
         FROM import_history WHERE employee_id IS NOT NULL ORDER BY line`,
    );
    const people = groupBy(staged, (r) => r.employee_id);
    const targets = new Map([...people].map(([key, list]) => [key, targetOf(list)]));
    const ids = [...targets.values()].filter((id): id is string => id !== null);
    const stored = await loadTimelines(manager, ids);
    const names = await storedNames(manager, ids);

    const errors: RowError[] = [];
    const diffs: LineDiff[] = [];
    const changed: Person[] = [];
    let replaced = 0;
    const newEmails = new Map<string, number>();
    for (const [externalId, list] of people) {
      const id = targets.get(externalId) ?? null;
      const before = id ? stored.get(id)! : [];
      const outcome = mergePerson(externalId, list, before, id ? names.get(id)! : null, newEmails);
      errors.push(...outcome.errors);
      diffs.push(...outcome.diffs);
      replaced += outcome.replaced;
      if (outcome.errors.length === 0 && outcome.changed)
        changed.push({
          id: id ?? randomUUID(),
          isNew: id === null,
          externalId,
          name: outcome.name,
          email: outcome.email,
          timeline: outcome.timeline,
        });
    }
    await manager.query(`INSERT INTO import_error_lines SELECT unnest($1::int[])`, [
      errors.map((e) => e.line),
    ]);
    await stageDiff(manager, diffs);
    await stageChanges(manager, changed, await today(manager));
    const diff = await summarizeDiff(manager, `SELECT * FROM import_history_diff`);
    const notes =
      replaced > 0
        ? [
            `${replaced} stored event(s) on or after a person’s first row in this file are not in the file: the file’s rows replace them.`,
          ]
        : [];
    return { ...diff, errors: [...refErrors, ...errors], notes };
  },

  async apply(manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO employees (id, external_id, email, name, unit_id, hire_date, exit_date, exit_type)
       SELECT id, external_id, email, name, unit_id, hire_date, exit_date, exit_type
         FROM import_history_people WHERE is_new`,
    );
    await manager.query(
      `UPDATE employees e
          SET external_id = p.external_id, email = p.email, name = p.name, unit_id = p.unit_id,
              hire_date = p.hire_date, exit_date = p.exit_date, exit_type = p.exit_type,
              updated_at = now()
         FROM import_history_people p WHERE e.id = p.id AND NOT p.is_new`,
    );
    await manager.query(
      `DELETE FROM employment_periods
        WHERE employee_id IN (SELECT id FROM import_history_people)`,
    );
    await manager.query(
      `INSERT INTO employment_periods (id, employee_id, hire_date, exit_date, exit_type)
       SELECT id, employee_id, hire_date, exit_date, exit_type FROM import_history_periods`,
    );
    await manager.query(
      `INSERT INTO unit_assignments (id, employee_id, period_id, unit_id, start_date, end_date)
       SELECT gen_random_uuid(), employee_id, period_id, unit_id, start_date, end_date
         FROM import_history_assignments`,
    );
  },
};

async function stage(manager: EntityManager, rows: Array<StagedRow<HistoryRow>>): Promise<void> {
  const cols: unknown[][] = STAGE_COLUMNS.map(() => new Array<unknown>(rows.length));
  rows.forEach(({ line, row }, i) => {
    const hire = row.event === 'hire';
    [
      line,
      row.employee_id ?? null,
      row.effective_date ?? null,
      row.event ?? null,
      row.unit ?? null,
      row.exit_type ?? null,
      // Name and email are read from hire rows only.
      hire ? (row.name ?? null) : null,
      hire ? (row.email?.toLowerCase() ?? null) : null,
    ].forEach((v, c) => (cols[c][i] = v));
  });
  const { from, params } = unnestRows(STAGE_COLUMNS, cols);
  await manager.query(
    `CREATE TEMP TABLE import_history ON COMMIT DROP AS
     SELECT s.*, u.id AS unit_id, bx.id AS by_external_id, be.id AS by_email,
            be.external_id AS email_owner_external_id
       FROM ${from}
       LEFT JOIN units u ON u.external_id = s.unit
       LEFT JOIN employees bx ON bx.external_id = s.employee_id
       LEFT JOIN employees be ON be.email = s.email`,
    params,
  );
}

/** The stored employee a person's rows are about: by external id, else a hire row's email. */
function targetOf(rows: readonly Staged[]): string | null {
  const byId = rows.find((r) => r.by_external_id !== null)?.by_external_id;
  if (byId) return byId;
  // An employee without an external id, found by email, takes on the file's id.
  return (
    rows.find((r) => r.by_email !== null && r.email_owner_external_id === null)?.by_email ?? null
  );
}

async function storedNames(
  manager: EntityManager,
  ids: readonly string[],
): Promise<Map<string, { name: string; email: string; externalId: string | null }>> {
  const rows = await manager.query<
    Array<{ id: string; name: string; email: string; external_id: string | null }>
  >(`SELECT id, name, email, external_id FROM employees WHERE id = ANY($1::uuid[])`, [[...ids]]);
  return new Map(
    rows.map((r) => [r.id, { name: r.name, email: r.email, externalId: r.external_id }]),
  );
}

const key = (date: string, kind: string) => `${date}|${kind}`;

function eventOf(row: Staged): HistoryEvent | null {
  if (row.effective_date === null || row.event === null) return null;
  // A unit that failed its check still makes the row a hire or a move for the order of events.
  const unitId = row.unit_id ?? `unknown:${row.unit ?? ''}`;
  switch (row.event) {
    case 'hire':
    case 'move':
      return { date: row.effective_date, kind: row.event, unitId };
    case 'exit':
      return row.exit_type === null
        ? null
        : { date: row.effective_date, kind: 'exit', exitType: row.exit_type as ExitType };
    default:
      return null;
  }
}

function sameEvent(a: HistoryEvent, b: HistoryEvent): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One person's rows against their stored history: errors, each line's diff and the result. */
function mergePerson(
  externalId: string,
  rows: readonly Staged[],
  before: Timeline,
  stored: { name: string; email: string; externalId: string | null } | null,
  newEmails: Map<string, number>,
) {
  const errors: RowError[] = [];
  const fail = (row: Staged, column: string, message: string, value?: string | null) =>
    errors.push({ line: row.line, column, message, value: value ?? undefined });
  const seen = new Map<string, number>();
  const tagged: Array<{ event: HistoryEvent; tag: Staged }> = [];
  for (const row of rows) {
    if (row.exit_type !== null && row.event !== null && row.event !== 'exit')
      fail(row, 'exit_type', 'is only for an exit', row.exit_type);
    const event = eventOf(row);
    if (!event) continue;
    const first = seen.get(key(event.date, event.kind));
    if (first !== undefined)
      fail(row, 'event', `repeats line ${first} (the same employee, date and event)`, row.event);
    else {
      seen.set(key(event.date, event.kind), row.line);
      tagged.push({ event, tag: row });
    }
  }
  const firstHire = [...tagged]
    .filter((t) => t.event.kind === 'hire')
    .sort((a, b) => (a.event.date < b.event.date ? -1 : 1))[0]?.tag;
  const name = firstHire?.name ?? stored?.name ?? '';
  const email = firstHire?.email ?? stored?.email ?? '';
  if (stored === null && firstHire) {
    if (firstHire.name === null) fail(firstHire, 'name', 'is required to add a new employee');
    if (firstHire.email === null) fail(firstHire, 'email', 'is required to add a new employee');
    else {
      const other = newEmails.get(firstHire.email);
      if (other !== undefined)
        fail(firstHire, 'email', `is also the email of the new employee on line ${other}`, email);
      else newEmails.set(firstHire.email, firstHire.line);
    }
  }

  const from = tagged.reduce((min, t) => (t.event.date < min ? t.event.date : min), '9999-12-31');
  const storedEvents = eventsOf(before);
  const kept = storedEvents.filter((e) => e.date < from).map((event) => ({ event, tag: null }));
  const result = replay<Staged | null>([...kept, ...tagged]);
  for (const { tag, message } of result.errors) if (tag) fail(tag, 'event', message, tag.event);

  const storedByKey = new Map(storedEvents.map((e) => [key(e.date, e.kind), e]));
  const diffs: LineDiff[] = tagged.map(({ event, tag }) => {
    const old = storedByKey.get(key(event.date, event.kind));
    const changes =
      result.noOps.includes(tag) || (old && sameEvent(old, event))
        ? []
        : old
          ? [event.kind === 'exit' ? 'exit_type' : 'unit']
          : [event.kind];
    if (stored && tag === firstHire) {
      if (tag.name !== null && tag.name !== stored.name) changes.push('name');
      if (tag.email !== null && tag.email !== stored.email) changes.push('email');
    }
    return { line: tag.line, key: externalId, name, isNew: stored === null, changes };
  });
  const fileEvents = tagged.map((t) => t.event);
  const replaced = storedEvents.filter(
    (e) => e.date >= from && !fileEvents.some((f) => sameEvent(f, e)),
  ).length;
  const adopted = stored !== null && stored.externalId === null;
  const changedTimeline = !sameTimeline(before, result.timeline);
  const changed = changedTimeline || adopted || diffs.some((d) => d.changes.length > 0);
  if (changed && diffs.length > 0 && diffs.every((d) => d.changes.length === 0))
    diffs[0].changes.push(adopted ? 'employee_id' : 'later history');
  return { errors, diffs, timeline: result.timeline, changed, replaced, name, email };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

async function stageDiff(manager: EntityManager, diffs: readonly LineDiff[]): Promise<void> {
  await manager.query(
    `CREATE TEMP TABLE import_history_diff ON COMMIT DROP AS
     SELECT d.line, d.key, d.name, d.is_new,
            coalesce((SELECT array_agg(c) FROM json_array_elements_text(d.changes) c), '{}') AS changes
       FROM unnest($1::int[], $2::text[], $3::text[], $4::bool[], $5::json[])
            AS d(line, key, name, is_new, changes)`,
    [
      diffs.map((d) => d.line),
      diffs.map((d) => d.key),
      diffs.map((d) => d.name),
      diffs.map((d) => d.isNew),
      diffs.map((d) => JSON.stringify(d.changes)),
    ],
  );
}

/** What apply() writes: each changed person's row and whole new history. */
async function stageChanges(manager: EntityManager, people: readonly Person[], day: string) {
  const person: unknown[][] = Array.from({ length: 9 }, () => []);
  const period: unknown[][] = Array.from({ length: 5 }, () => []);
  const assignment: unknown[][] = Array.from({ length: 5 }, () => []);
  for (const p of people) {
    const state = currentStateOf(p.timeline, day);
    if (!state) continue;
    [
      p.id,
      p.isNew,
      p.externalId,
      p.name,
      p.email,
      state.unitId,
      state.hireDate,
      state.exitDate,
      state.exitType,
    ].forEach((v, i) => person[i].push(v));
    for (const x of p.timeline) {
      const periodId = randomUUID();
      [periodId, p.id, x.hire, x.exit, x.exitType].forEach((v, i) => period[i].push(v));
      for (const a of x.assignments)
        [p.id, periodId, a.unitId, a.start, a.end].forEach((v, i) => assignment[i].push(v));
    }
  }
  await manager.query(
    `CREATE TEMP TABLE import_history_people ON COMMIT DROP AS
     SELECT * FROM unnest($1::uuid[], $2::bool[], $3::text[], $4::text[], $5::text[], $6::uuid[],
                          $7::date[], $8::date[], $9::text[])
       AS p(id, is_new, external_id, name, email, unit_id, hire_date, exit_date, exit_type)`,
    person,
  );
  await manager.query(
    `CREATE TEMP TABLE import_history_periods ON COMMIT DROP AS
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::date[], $5::text[])
       AS p(id, employee_id, hire_date, exit_date, exit_type)`,
    period,
  );
  await manager.query(
    `CREATE TEMP TABLE import_history_assignments ON COMMIT DROP AS
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::date[], $5::date[])
       AS a(employee_id, period_id, unit_id, start_date, end_date)`,
    assignment,
  );
}
