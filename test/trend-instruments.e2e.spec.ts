import { DataSource } from 'typeorm';
import { CreateSurveyDto, QuestionDto } from '../src/surveys/dto/survey.dto';
import { SurveysService } from '../src/surveys/surveys.service';
import {
  insertCustomerResponses,
  insertCycle,
  insertEmployeeResponses,
  insertUnit,
} from './fixtures/analytics-import/seed';
import { createTestApp, signedInAgent, TestApp } from './support/test-app';

/**
 * Trends across cycles that used different employee surveys are computed from the items the
 * cycles share, and the report says so in words (JSON and page); cycles with the same survey
 * get no such note.
 */
describe('Trends across different instruments', () => {
  let t: TestApp;
  let ds: DataSource;
  let agent: Awaited<ReturnType<typeof signedInAgent>>['agent'];
  const labels = ['2023-Q1', '2023-Q2', '2023-Q3'];
  /** answers per cycle: eng_a, eng_b, then the cycle's own extra item */
  const ANSWERS = [
    [
      [4, 5, 1],
      [4, 4, 2],
      [5, 5, 1],
      [3, 4, 2],
      [4, 4, 1],
    ],
    [
      [2, 3, 5],
      [3, 3, 5],
      [2, 2, 4],
      [3, 2, 5],
      [2, 3, 5],
    ],
    [
      [3, 3, 5],
      [3, 4, 5],
      [4, 3, 4],
      [3, 3, 5],
      [3, 4, 5],
    ],
  ];

  const likert = (key: string, dimension: string) =>
    Object.assign(new QuestionDto(), {
      key,
      kind: 'likert5' as const,
      text: `Statement ${key}.`,
      dimension,
      required: true,
    });

  beforeAll(async () => {
    t = await createTestApp();
    ds = t.dataSource;
    ({ agent } = await signedInAgent(t, 'executive'));
    const surveys = t.app.get(SurveysService);
    const survey = (name: string, extra: QuestionDto) =>
      surveys.create(
        Object.assign(new CreateSurveyDto(), {
          name,
          audience: 'employee' as const,
          questions: [likert('eng_a', 'engagement'), likert('eng_b', 'engagement'), extra],
        }),
      );
    // The first wave asked an enablement item; later waves a third engagement item instead.
    const first = await survey('Pulse 2023', likert('ena_tools', 'enablement'));
    const later = await survey('Pulse 2023 (new)', likert('eng_c', 'engagement'));
    const unit = await insertUnit(ds, 'Harbour');
    const periods = [
      ['2023-01-01', '2023-03-31'],
      ['2023-04-01', '2023-06-30'],
      ['2023-07-01', '2023-09-30'],
    ];
    for (const [i, label] of labels.entries()) {
      const id = await insertCycle(ds, label, periods[i][0], periods[i][1]);
      await ds.query(`UPDATE cycles SET employee_survey_id = $2 WHERE id = $1`, [
        id,
        i === 0 ? first.id : later.id,
      ]);
      const extra = i === 0 ? 'ena_tools' : 'eng_c';
      await insertEmployeeResponses(
        ds,
        id,
        unit.id,
        ANSWERS[i].map(([a, b, x]) => ({ eng_a: a, eng_b: b, [extra]: x })),
      );
      await insertCustomerResponses(
        ds,
        id,
        unit.id,
        Array.from({ length: 5 }, (_, r) => ({ nps: 6 + r, csat: 3 + (r % 3) })),
      );
    }
  });

  afterAll(async () => {
    await t.close();
  });

  /** The engagement index from eng_a and eng_b only, as worked out by hand. */
  const sharedIndex = (cycle: number) => {
    const scores = ANSWERS[cycle].flatMap(([a, b]) => [a, b]);
    return ((scores.reduce((x, y) => x + y, 0) / scores.length - 1) / 4) * 100;
  };

  interface TrendJson {
    instrumentNote: string | null;
    points: { cycle: { label: string }; employee: Record<string, { value: number | null }> }[];
  }

  it('compares the items the cycles share and says so when the surveys differ', async () => {
    const res = await agent
      .get(`/api/v1/reports/linkage?from=${labels[0]}&to=${labels[2]}`)
      .expect(200);
    const trend = res.body.trend as TrendJson;
    expect(trend.instrumentNote).toBe(
      'These cycles used different surveys, so the trends compare only the items all of them asked: ' +
        'Engagement index from the 2 items they share (the cycles asked 2 to 3); ' +
        'Enablement index left out, as not every cycle asked it. ' +
        'Each cycle’s own report uses all of its items.',
    );
    expect(trend.points.map((p) => p.cycle.label)).toEqual(labels);
    trend.points.forEach((p, i) => {
      expect(p.employee.engagement.value).toBeCloseTo(sharedIndex(i), 10);
      expect(p.employee.enablement).toBeUndefined();
    });

    const page = await agent.get(`/reports/linkage?from=${labels[0]}&to=${labels[2]}`).expect(200);
    expect(page.text).toContain('These cycles used different surveys, so the trends compare only');
  });

  it('says nothing and uses every item when the cycles used the same survey', async () => {
    const res = await agent
      .get(`/api/v1/reports/linkage?from=${labels[1]}&to=${labels[2]}`)
      .expect(200);
    const trend = res.body.trend as TrendJson;
    expect(trend.instrumentNote).toBeNull();
    const all = (cycle: number) => {
      const scores = ANSWERS[cycle].flat();
      return ((scores.reduce((x, y) => x + y, 0) / scores.length - 1) / 4) * 100;
    };
    expect(trend.points[1].employee.engagement.value).toBeCloseTo(all(2), 10);
    const page = await agent.get(`/reports/linkage?from=${labels[1]}&to=${labels[2]}`).expect(200);
    expect(page.text).not.toContain('These cycles used different surveys');
  });
});
