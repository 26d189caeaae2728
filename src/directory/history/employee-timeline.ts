import type { ExitType } from '../entities/employee.entity';

/**
 * A person's dated history as plain data, and the rules that change it. No I/O: the import,
 * the edit form and the single-row import load timelines, change them here and save them
 * (employee-history.queries.ts).
 *
 * Dates are 'YYYY-MM-DD'. A period runs from its hire date through its exit date, both
 * inclusive (the exit date is the last day employed). Its assignments cover it day for day:
 * the first starts on the hire date, each next one the day after the previous ends, and the
 * last ends on the exit date (null while employed). A move on a date puts the person in the
 * new unit from that date.
 */
export interface Assignment {
  unitId: string;
  start: string;
  end: string | null;
}

export interface Period {
  hire: string;
  exit: string | null;
  exitType: ExitType | null;
  assignments: Assignment[];
}

/** Periods in date order, none overlapping. */
export type Timeline = Period[];

export type HistoryEvent =
  | { date: string; kind: 'hire'; unitId: string }
  | { date: string; kind: 'move'; unitId: string }
  | { date: string; kind: 'exit'; exitType: ExitType };

export type EventKind = HistoryEvent['kind'];

/** On one day: a hire, then a move, then an exit. */
const KIND_ORDER: Record<EventKind, number> = { hire: 0, move: 1, exit: 2 };

/** The employees row's view of a person: where they are and their latest employment. */
export interface CurrentState {
  unitId: string;
  hireDate: string;
  exitDate: string | null;
  exitType: ExitType | null;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function compareEvents(a: HistoryEvent, b: HistoryEvent): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
}

/** The hires, moves and exits a timeline is made of, in order. */
export function eventsOf(timeline: Timeline): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (const period of timeline) {
    period.assignments.forEach((a, i) =>
      events.push(
        i === 0
          ? { date: period.hire, kind: 'hire', unitId: a.unitId }
          : { date: a.start, kind: 'move', unitId: a.unitId },
      ),
    );
    if (period.exit !== null && period.exitType !== null)
      events.push({ date: period.exit, kind: 'exit', exitType: period.exitType });
  }
  return events;
}

export interface ReplayedEvent<T> {
  event: HistoryEvent;
  tag: T;
}

export interface ReplayResult<T> {
  timeline: Timeline;
  errors: Array<{ tag: T; message: string }>;
  /** tags of events that changed nothing (a move to the unit the person is already in) */
  noOps: T[];
}

/**
 * Builds a timeline from events (any order; sorted here). An event that does not fit — a move
 * or exit while not employed, a hire while employed — is an error on its tag and is left out,
 * so one pass reports every misfit.
 */
export function replay<T>(events: ReadonlyArray<ReplayedEvent<T>>): ReplayResult<T> {
  const sorted = [...events].sort((a, b) => compareEvents(a.event, b.event));
  const timeline: Timeline = [];
  const errors: ReplayResult<T>['errors'] = [];
  const noOps: T[] = [];
  for (const { event, tag } of sorted) {
    const last = timeline.at(-1);
    const open = last && last.exit === null ? last : undefined;
    const fail = (message: string) => errors.push({ tag, message });
    switch (event.kind) {
      case 'hire':
        // Events are in date order and a hire sorts before an exit on the same day, so a
        // rehire on or before the last exit meets the open period and fails here.
        if (open) fail(`is a hire, but the employee is already employed since ${open.hire}`);
        else
          timeline.push({
            hire: event.date,
            exit: null,
            exitType: null,
            assignments: [{ unitId: event.unitId, start: event.date, end: null }],
          });
        break;
      case 'move': {
        if (!open) {
          fail(notEmployed('a move', last));
          break;
        }
        const current = open.assignments.at(-1)!;
        if (current.unitId === event.unitId) noOps.push(tag);
        else if (event.date === open.hire)
          fail(`is a move on the hire date (${open.hire}); give the unit on the hire row`);
        else if (event.date === current.start)
          fail(`is a second move on ${event.date}; keep one move a day`);
        else {
          current.end = addDays(event.date, -1);
          open.assignments.push({ unitId: event.unitId, start: event.date, end: null });
        }
        break;
      }
      case 'exit':
        if (!open) {
          fail(notEmployed('an exit', last));
          break;
        }
        open.exit = event.date;
        open.exitType = event.exitType;
        open.assignments.at(-1)!.end = event.date;
        break;
      default: {
        const never: never = event;
        throw new Error(`unknown event ${JSON.stringify(never)}`);
      }
    }
  }
  return { timeline, errors, noOps };
}

function notEmployed(what: string, last: Period | undefined): string {
  return last
    ? `is ${what}, but the employee left on ${last.exit} and has no later hire`
    : `is ${what}, but the employee has no hire on or before this date`;
}

/**
 * The current state an employees row shows: the latest period that has started by `today`
 * (else the first, for someone hired in the future), and the unit of its assignment in effect
 * today (its last one once the period has ended, its first before it starts).
 */
export function currentStateOf(timeline: Timeline, today: string): CurrentState | null {
  if (timeline.length === 0) return null;
  const period = [...timeline].reverse().find((p) => p.hire <= today) ?? timeline[0];
  const assignment =
    [...period.assignments].reverse().find((a) => a.start <= today) ?? period.assignments[0];
  return {
    unitId: assignment.unitId,
    hireDate: period.hire,
    exitDate: period.exit,
    exitType: period.exitType,
  };
}

/**
 * The timeline after the employees row was edited (the form, the API, a single-row import):
 * the row's state becomes the current state from its date. A later hire date after the last
 * exit is a rehire; another hire date corrects the latest period's; the exit date and type are
 * the latest period's; a different unit is a move effective `today` (or, for someone not yet
 * started or already gone, the unit of the assignment their row describes).
 */
export function withCurrentState(timeline: Timeline, state: CurrentState, today: string): Timeline {
  const next: Timeline = timeline.map((p) => ({
    ...p,
    assignments: p.assignments.map((a) => ({ ...a })),
  }));
  let period = next.at(-1);
  if (!period || (period.exit !== null && state.hireDate > period.exit)) {
    period = {
      hire: state.hireDate,
      exit: null,
      exitType: null,
      assignments: [{ unitId: state.unitId, start: state.hireDate, end: null }],
    };
    next.push(period);
  } else if (state.hireDate !== period.hire) {
    rehire(next, period, state.hireDate);
  }
  setExit(period, state.exitDate, state.exitType);
  setUnit(period, state.unitId, today);
  return next;
}

/** Moves the latest period's hire date; earlier periods it now overlaps are dropped. */
function rehire(timeline: Timeline, period: Period, hire: string): void {
  period.hire = hire;
  period.assignments = period.assignments.filter((a, i) => i === 0 || a.start > hire);
  period.assignments[0].start = hire;
  if (period.assignments[0].end !== null && period.assignments[0].end < hire)
    period.assignments[0].end = period.assignments[1]
      ? addDays(period.assignments[1].start, -1)
      : hire;
  const keep = timeline.filter((p) => p === period || (p.exit !== null && p.exit < hire));
  timeline.splice(0, timeline.length, ...keep);
}

function setExit(period: Period, exit: string | null, exitType: ExitType | null): void {
  if (exit !== null && exit < period.hire) exit = period.hire;
  period.exit = exit;
  period.exitType = exit === null ? null : exitType;
  if (exit !== null) {
    period.assignments = period.assignments.filter((a, i) => i === 0 || a.start <= exit);
  }
  period.assignments.at(-1)!.end = exit;
}

function setUnit(period: Period, unitId: string, today: string): void {
  const { assignments } = period;
  const inEffect =
    period.exit !== null && period.exit < today
      ? assignments.at(-1)!
      : ([...assignments].reverse().find((a) => a.start <= today) ?? assignments[0]);
  if (inEffect.unitId === unitId) return;
  const from = today > inEffect.start ? today : inEffect.start;
  if (from === inEffect.start || (period.exit !== null && period.exit < today)) {
    inEffect.unitId = unitId;
  } else {
    const index = assignments.indexOf(inEffect);
    assignments.splice(index + 1, 0, { unitId, start: from, end: inEffect.end });
    inEffect.end = addDays(from, -1);
  }
  mergeNeighbours(period);
}

/** Next to each other in the same unit is one assignment. */
function mergeNeighbours(period: Period): void {
  const merged: Assignment[] = [];
  for (const a of period.assignments) {
    const prev = merged.at(-1);
    if (prev && prev.unitId === a.unitId) prev.end = a.end;
    else merged.push(a);
  }
  period.assignments = merged;
}

export function sameTimeline(a: Timeline, b: Timeline): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
