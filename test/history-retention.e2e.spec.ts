import { randomUUID } from 'node:crypto';
import { retentionByUnit } from '../src/analytics/queries/directory-aggregates.query';
import { saveTimelines } from '../src/directory/history/employee-history.queries';
import {
  addDays,
  HistoryEvent,
  replay,
  Timeline,
} from '../src/directory/history/employee-timeline';
import { insertUnit, seededRandom } from './fixtures/analytics-import/seed';
import { createTestApp, TestApp } from './support/test-app';

const PERIODS = [
  { id: 'q1', periodStart: '2025-01-01', periodEnd: '2025-03-31' },
  { id: 'q2', periodStart: '2025-04-01', periodEnd: '2025-06-30' },
  { id: 'h2', periodStart: '2025-07-01', periodEnd: '2025-12-31' },
];

const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** The as-of figures computed the slow way, day by day, from the timelines themselves. */
function expected(timelines: Timeline[]) {
  const out = new Map<string, { headcountDays: number; separations: number; voluntary: number }>();
  for (const p of PERIODS) {
    for (const timeline of timelines)
      for (const period of timeline)
        for (const a of period.assignments) {
          const key = `${p.id}|${a.unitId}`;
          const from = Math.max(day(a.start), day(p.periodStart));
          const to = Math.min(a.end === null ? Infinity : day(a.end), day(p.periodEnd));
          if (day(a.start) > day(p.periodEnd) || (a.end !== null && a.end < p.periodStart))
            continue;
          const row = out.get(key) ?? { headcountDays: 0, separations: 0, voluntary: 0 };
          row.headcountDays += Math.max(0, to - from + 1);
          if (a.end !== null && a.end === period.exit && a.end <= p.periodEnd) {
            row.separations += 1;
            if (period.exitType === 'voluntary') row.voluntary += 1;
          }
          out.set(key, row);
        }
  }
  return out;
}

describe('Headcount and turnover as of a period, from the dated history', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('matches a day-by-day count over random hires, moves, exits and rehires', async () => {
    const ds = t.dataSource;
    const units = [];
    for (let i = 0; i < 5; i++) units.push((await insertUnit(ds, `History unit ${i}`)).id);
    const random = seededRandom(11);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const timelines = new Map<string, Timeline>();
    for (let person = 0; person < 120; person++) {
      const events: HistoryEvent[] = [];
      let date = addDays('2024-06-01', Math.floor(random() * 300));
      for (let step = 0; step < 6; step++) {
        const kind = step === 0 ? 'hire' : pick(['move', 'move', 'exit', 'hire'] as const);
        if (kind === 'exit')
          events.push({ date, kind, exitType: pick(['voluntary', 'involuntary'] as const) });
        else events.push({ date, kind, unitId: pick(units) });
        date = addDays(date, 1 + Math.floor(random() * 120));
      }
      // Events that do not fit (a hire while employed, a move after an exit) are left out.
      const { timeline } = replay(events.map((event) => ({ event, tag: null })));
      const id = randomUUID();
      await ds.query(
        `INSERT INTO employees (id, email, name, unit_id, hire_date) VALUES ($1, $2, 'P', $3, $4)`,
        [id, `p${person}@history.test`, timeline[0].assignments[0].unitId, timeline[0].hire],
      );
      timelines.set(id, timeline);
    }
    await saveTimelines(ds.manager, timelines);

    const rows = await retentionByUnit(ds.manager, PERIODS);
    const want = expected([...timelines.values()]);
    const got = new Map(
      rows.map((r) => [
        `${r.cycleId}|${r.unitId}`,
        { headcountDays: r.headcountDays, separations: r.separations, voluntary: r.voluntary },
      ]),
    );
    expect(got).toEqual(want);
    expect([...want.values()].some((r) => r.separations > 0)).toBe(true);
    expect(rows.find((r) => r.cycleId === 'h2')?.days).toBe(184);
  });

  it('stops counting a record deactivated as a mistake on the day it was deactivated', async () => {
    const ds = t.dataSource;
    const unit = (await insertUnit(ds, 'Mistakes')).id;
    const id = randomUUID();
    await ds.query(
      `INSERT INTO employees (id, email, name, unit_id, hire_date, deactivated_at)
       VALUES ($1, 'mistake@history.test', 'M', $2, '2024-01-01', '2025-02-09T12:00:00Z')`,
      [id, unit],
    );
    await saveTimelines(
      ds.manager,
      new Map([
        [
          id,
          [
            {
              hire: '2024-01-01',
              exit: null,
              exitType: null,
              assignments: [{ unitId: unit, start: '2024-01-01', end: null }],
            },
          ],
        ],
      ]),
    );
    const rows = await retentionByUnit(ds.manager, PERIODS);
    expect(rows.filter((r) => r.unitId === unit)).toEqual([
      { cycleId: 'q1', unitId: unit, days: 90, headcountDays: 40, separations: 0, voluntary: 0 },
    ]);
  });
});
