import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { iccStandard, iccStandardFromAggregates } from '../src/analytics/stats/agreement-standard';
import {
  employeeMetricDefinitions,
  metricValue,
  type StatSums,
} from '../src/analytics/stats/unit-metrics';
import { UnitStatsService } from '../src/analytics/unit-stats.service';
import { SurveysService } from '../src/surveys/surveys.service';
import { CreateSurveyDto, QuestionDto } from '../src/surveys/dto/survey.dto';
import { BUILTIN } from './support/delivery-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Every metric follows the instrument the cycle used: a reverse-keyed statement is scored
 * 6 − answer in item means, favorable shares, dimension indices and the per-respondent scores
 * behind ICC, while its answer stays stored as given; eNPS is read from the designated item.
 * Expected figures are worked out here by hand from the answers.
 */
describe('Metrics over an instrument of the company’s own', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.dataSource;
  });

  afterAll(async () => {
    await t.close();
  });

  const question = (fields: Partial<QuestionDto>) =>
    Object.assign(new QuestionDto(), { required: true, ...fields });

  /** [proud, leaving (reverse-keyed), other 0–10, designated 0–10] per respondent, per unit. */
  const ANSWERS: number[][][] = [
    [
      [5, 1, 2, 10],
      [4, 2, 3, 9],
      [4, 1, 0, 10],
      [3, 3, 5, 6],
      [5, 2, 1, 9],
    ],
    [
      [2, 4, 9, 3],
      [3, 5, 10, 5],
      [2, 4, 9, 7],
      [1, 5, 10, 2],
      [3, 3, 9, 8],
    ],
  ];

  async function closedCycleWithAnswers() {
    const survey = await t.app.get(SurveysService).create(
      Object.assign(new CreateSurveyDto(), {
        name: `Own pulse ${randomUUID().slice(0, 6)}`,
        audience: 'employee' as const,
        description: '',
        templateId: null,
        questions: [
          question({
            key: 'proud',
            kind: 'likert5',
            text: 'I am proud of my work here.',
            dimension: 'engagement',
          }),
          question({
            key: 'leaving',
            kind: 'likert5',
            text: 'I often think about leaving.',
            dimension: 'engagement',
            reverseKeyed: true,
          }),
          question({
            key: 'other_nps',
            kind: 'nps',
            text: 'Would you recommend our products?',
            dimension: 'loyalty',
          }),
          question({
            key: 'work_nps',
            kind: 'nps',
            text: 'Would you recommend working here?',
            dimension: 'loyalty',
            metricRole: 'recommend',
          }),
        ],
      }),
    );
    const label = `own-${randomUUID().slice(0, 8)}`;
    const [{ id: cycleId }] = await db.query<{ id: string }[]>(
      `INSERT INTO cycles (name, period_label, period_start, period_end, employee_survey_id,
                           customer_survey_id, opens_at, closes_at, status, launched_at, closed_at)
       VALUES ('Own', $1, current_date - 40, current_date - 10, $2, $3, now() - interval '40 days',
               now() - interval '10 days', 'closed', now() - interval '40 days', now() - interval '10 days')
       RETURNING id`,
      [label, survey.id, BUILTIN.customer],
    );
    const unitIds: string[] = [];
    for (const unit of ANSWERS) {
      const unitId = randomUUID();
      await db.query(`INSERT INTO units (id, external_id, name, path) VALUES ($1, $2, $3, $4)`, [
        unitId,
        `own-${unitId.slice(0, 8)}`,
        `Own unit ${unitId.slice(0, 8)}`,
        `/${unitId}/`,
      ]);
      for (const [proud, leaving, other, work] of unit)
        await db.query(
          `INSERT INTO employee_responses (cycle_id, unit_id, submitted_on, answers)
           VALUES ($1, $2, current_date - 20, $3::jsonb)`,
          [cycleId, unitId, JSON.stringify({ proud, leaving, other_nps: other, work_nps: work })],
        );
      unitIds.push(unitId);
    }
    return { cycleId, unitIds };
  }

  it('scores the reverse-keyed item 6 − answer in every figure, keeps the answer as given, and reads eNPS from the designated item', async () => {
    const { cycleId, unitIds } = await closedCycleWithAnswers();
    const stats = t.app.get(UnitStatsService);
    await stats.materialize(cycleId);
    const cycle = await stats.findCycle(cycleId);
    const questions = (await stats.questionsFor([cycle])).get(cycleId)!.employee;
    const rows = await stats.read([cycle], { audience: 'employee' });
    const sums = (unitId: string, metric: string): StatSums =>
      rows.find((r) => r.unitId === unitId)!.metrics.get(metric)!;

    const definitions = employeeMetricDefinitions(questions);
    const engagement = definitions.find((d) => d.key === 'engagement')!;
    const enps = definitions.find((d) => d.key === 'enps')!;
    expect(engagement.items).toEqual(['proud', 'leaving']);
    expect(enps.items).toEqual(['work_nps']);

    ANSWERS.forEach((unit, u) => {
      const scored = unit.map(([proud, leaving]) => [proud, 6 - leaving]);
      const itemScores = scored.flat();
      const mean = itemScores.reduce((a, b) => a + b, 0) / itemScores.length;
      const favorable = itemScores.filter((s) => s >= 4).length / itemScores.length;
      const work = unit.map((r) => r[3]);
      const expectedEnps =
        ((work.filter((s) => s >= 9).length - work.filter((s) => s <= 6).length) / work.length) *
        100;
      const byMetric = { get: (m: string) => sums(unitIds[u], m), entries: () => [] };

      const index = metricValue(engagement, byMetric);
      expect(index.value).toBeCloseTo(((mean - 1) / 4) * 100, 10);
      expect(index.favorable).toBeCloseTo(favorable * 100, 10);
      expect(metricValue(enps, byMetric).value).toBeCloseTo(expectedEnps, 10);

      // The item's own mean is of its scores; its favorable share counts scores of 4–5.
      const leaving = sums(unitIds[u], 'leaving');
      expect(leaving.sum).toBe(unit.reduce((a, r) => a + (6 - r[1]), 0));
      expect(leaving.favorable).toBe(unit.filter((r) => 6 - r[1] >= 4).length);
    });

    // ICC(1)/ICC(2) of the engagement scale from the per-respondent means of the scores.
    const respondentMeans = ANSWERS.map((unit) => unit.map(([p, l]) => (p + (6 - l)) / 2));
    const expected = iccStandard(respondentMeans)!;
    const fromSql = iccStandardFromAggregates(unitIds.map((id) => sums(id, 'dim:engagement')))!;
    expect(fromSql.icc1).toBeCloseTo(expected.icc1, 10);
    expect(fromSql.icc2).toBeCloseTo(expected.icc2, 10);

    // Scored 6 − x, the two items agree within units, so units differ clearly (ICC(1) > .5).
    expect(expected.icc1).toBeGreaterThan(0.5);

    const stored = await db.query<{ leaving: number }[]>(
      `SELECT (answers->>'leaving')::int AS leaving FROM employee_responses WHERE cycle_id = $1 ORDER BY id`,
      [cycleId],
    );
    expect(stored.map((r) => r.leaving).sort()).toEqual(
      ANSWERS.flat()
        .map((r) => r[1])
        .sort(),
    );
  });
});
