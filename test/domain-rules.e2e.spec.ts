import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  isDetractor,
  isFavorable,
  isLowCsat,
  isPromoter,
  NPS_MAX,
  NPS_MIN,
} from '../src/analytics/stats/metric-rules';
import { nps, npsFromCounts } from '../src/analytics/stats/metrics';
import {
  customerMetricDefinitions,
  type SurveyQuestion,
} from '../src/analytics/stats/unit-metrics';
import { unitStatsSelect } from '../src/analytics/unit-stats.query';
import { FollowUpOpener } from '../src/follow-through/follow-up-opener.service';
import { BUILTIN } from './support/delivery-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The metric rules are written once (src/analytics/stats/metric-rules) and reach SQL as query
 * parameters. These run the real statements, the unit stats aggregation and the follow-up
 * opener, and check that they classify every answer as the TypeScript rules do.
 */

const NPS_ANSWERS = Array.from({ length: NPS_MAX - NPS_MIN + 1 }, (_, i) => NPS_MIN + i);
/** A 1–5 answer for each NPS answer, so every CSAT and Likert value occurs. */
const ratingFor = (npsAnswer: number) => 1 + (npsAnswer % 5);

interface TestQuestion {
  key: string;
  kind: 'nps' | 'rating5' | 'likert5' | 'text';
  dimension?: string;
}

describe('Metric rules in SQL and TypeScript', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.dataSource;
  });

  afterAll(async () => {
    await t.close();
  });

  const tag = () => randomUUID().slice(0, 8);

  async function createSurvey(
    questions: readonly TestQuestion[],
  ): Promise<{ surveyId: string; survey: SurveyQuestion[] }> {
    const [{ id }] = await db.query<{ id: string }[]>(
      `INSERT INTO surveys (name, audience) VALUES ($1, 'customer') RETURNING id`,
      [`Rules ${tag()}`],
    );
    const survey: SurveyQuestion[] = [];
    for (const [position, q] of questions.entries()) {
      await db.query(
        `INSERT INTO questions (survey_id, position, key, kind, text, dimension)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, position, q.key, q.kind, `Question ${q.key}`, q.dimension ?? null],
      );
      survey.push({ key: q.key, kind: q.kind, dimension: q.dimension ?? null, text: q.key });
    }
    return { surveyId: id, survey };
  }

  async function createCycle(surveyId: string): Promise<string> {
    const [{ id }] = await db.query<{ id: string }[]>(
      `INSERT INTO cycles (name, period_label, period_start, period_end, employee_survey_id,
                           customer_survey_id, opens_at, closes_at, status, launched_at)
       VALUES ('Rules', $1, current_date - 10, current_date + 10, $2, $3, now() - interval '1 day',
               now() + interval '10 days', 'open', now() - interval '1 day')
       RETURNING id`,
      [`Rules-${tag()}`, BUILTIN.employee, surveyId],
    );
    return id;
  }

  async function createUnit(): Promise<string> {
    const id = randomUUID();
    await db.query(`INSERT INTO units (id, external_id, name, path) VALUES ($1, $2, $3, $4)`, [
      id,
      `rules-${tag()}`,
      `Rules unit ${tag()}`,
      `/${id}/`,
    ]);
    return id;
  }

  async function respond(cycleId: string, unitId: string, answers: Record<string, unknown>) {
    const [{ id }] = await db.query<{ id: string }[]>(
      `INSERT INTO customer_responses (cycle_id, unit_id, answers)
       VALUES ($1, $2, $3::jsonb) RETURNING id`,
      [cycleId, unitId, JSON.stringify(answers)],
    );
    return id;
  }

  /** One cycle, one unit per NPS answer with one response: nps = v, csat = likert = ratingFor(v). */
  async function oneResponsePerAnswer() {
    const { surveyId, survey } = await createSurvey([
      { key: 'recommend', kind: 'nps' },
      { key: 'csat', kind: 'rating5' },
      { key: 'trusted', kind: 'likert5', dimension: 'trust' },
    ]);
    const cycleId = await createCycle(surveyId);
    const units: { answer: number; unitId: string; responseId: string }[] = [];
    for (const answer of NPS_ANSWERS) {
      const unitId = await createUnit();
      const rating = ratingFor(answer);
      const responseId = await respond(cycleId, unitId, {
        recommend: answer,
        csat: rating,
        trusted: rating,
      });
      units.push({ answer, unitId, responseId });
    }
    return { survey, cycleId, units };
  }

  it('classifies 0–6 as detractors and 9–10 as promoters, 4–5 as favorable and 1–2 as low CSAT', () => {
    expect(NPS_ANSWERS.filter(isDetractor)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(NPS_ANSWERS.filter(isPromoter)).toEqual([9, 10]);
    expect([1, 2, 3, 4, 5].filter(isFavorable)).toEqual([4, 5]);
    expect([1, 2, 3, 4, 5].filter(isLowCsat)).toEqual([1, 2]);
  });

  it('counts promoters, detractors and favorable answers in the unit stats SQL as TypeScript does, for every answer 0–10', async () => {
    const { survey, cycleId, units } = await oneResponsePerAnswer();
    const select = unitStatsSelect(cycleId, 'customer', survey);
    const rows = await db.query<
      {
        unit_id: string;
        metric: string;
        n: number;
        favorable: number;
        promoters: number;
        detractors: number;
      }[]
    >(select.sql, select.params);
    const row = (unitId: string, metric: string) =>
      rows.find((r) => r.unit_id === unitId && r.metric === metric);

    const fromSql = units.map(({ answer, unitId }) => ({
      answer,
      promoter: row(unitId, 'recommend')?.promoters === 1,
      detractor: row(unitId, 'recommend')?.detractors === 1,
      csatFavorable: row(unitId, 'csat')?.favorable === 1,
      itemFavorable: row(unitId, 'trusted')?.favorable === 1,
      dimensionFavorable: row(unitId, 'dim:trust')?.favorable === 1,
    }));
    const fromTypeScript = NPS_ANSWERS.map((answer) => ({
      answer,
      promoter: isPromoter(answer),
      detractor: isDetractor(answer),
      csatFavorable: isFavorable(ratingFor(answer)),
      itemFavorable: isFavorable(ratingFor(answer)),
      dimensionFavorable: isFavorable(ratingFor(answer)),
    }));
    expect(fromSql).toEqual(fromTypeScript);

    const npsRows = rows.filter((r) => r.metric === 'recommend');
    const sum = (field: 'n' | 'promoters' | 'detractors') =>
      npsRows.reduce((total, r) => total + r[field], 0);
    expect(
      npsFromCounts({ n: sum('n'), promoters: sum('promoters'), detractors: sum('detractors') }),
    ).toBeCloseTo(nps(NPS_ANSWERS)!, 10);
  });

  it('opens follow-ups for detractors and low CSAT exactly where TypeScript classifies them, for every answer 0–10', async () => {
    const { cycleId, units } = await oneResponsePerAnswer();
    await t.app.get(FollowUpOpener).openPending({ cycleId });
    const opened = await db.query<{ response_id: string; reasons: string[] }[]>(
      `SELECT response_id, reasons FROM follow_ups WHERE cycle_id = $1`,
      [cycleId],
    );
    const reasonsOf = (responseId: string) =>
      opened.find((f) => f.response_id === responseId)?.reasons ?? [];

    const fromSql = units.map(({ answer, responseId }) => ({
      answer,
      detractor: reasonsOf(responseId).includes('detractor'),
      lowCsat: reasonsOf(responseId).includes('low_csat'),
    }));
    const fromTypeScript = NPS_ANSWERS.map((answer) => ({
      answer,
      detractor: isDetractor(answer),
      lowCsat: isLowCsat(ratingFor(answer)),
    }));
    expect(fromSql).toEqual(fromTypeScript);
  });

  it.each<[string, TestQuestion[]]>([
    [
      'the rating keyed csat, wherever it is',
      [
        { key: 'first_nps', kind: 'nps' },
        { key: 'ease', kind: 'rating5' },
        { key: 'overall', kind: 'rating5', dimension: 'satisfaction' },
        { key: 'second_nps', kind: 'nps' },
        { key: 'csat', kind: 'rating5', dimension: 'value' },
      ],
    ],
    [
      'else the first rating of the satisfaction dimension',
      [
        { key: 'ease', kind: 'rating5', dimension: 'effort' },
        { key: 'recommend', kind: 'nps' },
        { key: 'overall', kind: 'rating5', dimension: 'satisfaction' },
        { key: 'again', kind: 'rating5', dimension: 'satisfaction' },
      ],
    ],
    [
      'else the first rating',
      [
        { key: 'speed', kind: 'rating5' },
        { key: 'ease', kind: 'rating5', dimension: 'effort' },
      ],
    ],
    [
      'and none without a rating, even with a Likert item keyed csat',
      [
        { key: 'csat', kind: 'likert5', dimension: 'satisfaction' },
        { key: 'recommend', kind: 'nps' },
      ],
    ],
  ])('picks the same NPS and CSAT items in SQL as in the metrics: %s', async (_, questions) => {
    const { surveyId, survey } = await createSurvey([...questions, { key: 'note', kind: 'text' }]);
    const cycleId = await createCycle(surveyId);
    // Every scored item answered differently, so the stored answer names the item read.
    const answers: Record<string, unknown> = { note: 'Please call me.' };
    questions.forEach((q, i) => (answers[q.key] = q.kind === 'nps' ? i : 1 + (i % 5)));
    const responseId = await respond(cycleId, await createUnit(), answers);

    await t.app.get(FollowUpOpener).openPending({ cycleId });
    const [fromSql] = await db.query<{ nps: number | null; csat: number | null }[]>(
      `SELECT nps, csat FROM follow_ups WHERE response_id = $1`,
      [responseId],
    );
    const definitions = customerMetricDefinitions(survey);
    const itemOf = (key: string) => definitions.find((d) => d.key === key)?.items[0];
    const answerOf = (key: string) => {
      const item = itemOf(key);
      return item === undefined ? null : answers[item];
    };
    expect(fromSql).toEqual({ nps: answerOf('nps'), csat: answerOf('csat') });
  });
});
