import type { DataSource } from 'typeorm';
import { AnalyticsReads } from './analytics-reads';
import { READ_AFRESH } from './read-memo';

const THRESHOLDS = { anonymityMin: 5, minCustomerResponses: 5 };
import type { CycleInfo, CycleQuestions, UnitStats, UnitStatsService } from './unit-stats.service';

const cycle = (id: string): CycleInfo => ({
  id,
  label: id,
  name: id,
  periodStart: '2025-01-01',
  periodEnd: '2025-03-31',
  status: 'closed',
  closesAt: null,
  pilot: false,
  imported: false,
  employeeSurveyId: null,
  customerSurveyId: null,
});

const row = (cycleId: string): UnitStats => ({
  cycleId,
  unitId: 'u1',
  audience: 'employee',
  metrics: new Map(),
});

describe(AnalyticsReads.name, () => {
  const queries: string[] = [];
  const statReads: string[][] = [];
  const dataSource = {
    query: (sql: string) => {
      queries.push(sql);
      return Promise.resolve([]);
    },
  } as unknown as DataSource;
  const stats = {
    listCycles: () => Promise.resolve([cycle('a'), cycle('b')]),
    questionsFor: (cycles: readonly CycleInfo[]) =>
      Promise.resolve(
        new Map<string, CycleQuestions>(cycles.map((c) => [c.id, { employee: [], customer: [] }])),
      ),
    read: (cycles: readonly CycleInfo[]) => {
      statReads.push(cycles.map((c) => c.id));
      return Promise.resolve(cycles.map((c) => row(c.id)));
    },
  } as unknown as UnitStatsService;
  const units = {
    tree: () => {
      queries.push('units');
      return Promise.resolve([]);
    },
  };

  beforeEach(() => {
    queries.length = 0;
    statReads.length = 0;
  });

  it('reads the unit tree once however many sections ask for it at the same time', async () => {
    const sut = new AnalyticsReads(dataSource, stats, units, READ_AFRESH, THRESHOLDS);
    await Promise.all([sut.units(), sut.units(), sut.units()]);
    expect(queries).toHaveLength(1);
  });

  it("takes a cycle's stats from a read that already covers it", async () => {
    const sut = new AnalyticsReads(dataSource, stats, units, READ_AFRESH, THRESHOLDS);
    const both = sut.scoredStats([cycle('a'), cycle('b')]);
    const byCycle = await sut.scoredStatsByCycle([cycle('b')]);
    expect(await both).toHaveLength(2);
    expect(byCycle.get('b')).toEqual([row('b')]);
    expect(statReads).toEqual([['a', 'b']]);
  });

  it('computes a derived figure once per key', async () => {
    const sut = new AnalyticsReads(dataSource, stats, units, READ_AFRESH, THRESHOLDS);
    let computed = 0;
    const compute = () => Promise.resolve(++computed);
    expect(await Promise.all([sut.once('k', compute), sut.once('k', compute)])).toEqual([1, 1]);
    expect(computed).toBe(1);
  });
});
