import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { person } from './follow-through.fixtures';
import { BUILTIN } from './support/delivery-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** Engagement item score per unit in the two cycles, and the NPS answer all five customers give. */
const UNITS = [
  { name: 'A', before: 3, after: 4, npsBefore: 7, npsAfter: 10, onTime: true },
  { name: 'B', before: 2, after: 3, npsBefore: 5, npsAfter: 9, onTime: true },
  { name: 'C', before: 4, after: 4, npsBefore: 8, npsAfter: 8, onTime: true },
  { name: 'D', before: 4, after: 4, npsBefore: 9, npsAfter: 6, onTime: false },
  { name: 'E', before: 3, after: 2, npsBefore: 6, npsAfter: 6, onTime: false },
  { name: 'F', before: 3, after: 3, npsBefore: 10, npsAfter: 9, onTime: false },
];

async function seed(db: DataSource) {
  const tag = randomUUID().slice(0, 8);
  const rootId = randomUUID();
  await db.query(`INSERT INTO units (id, external_id, name, path) VALUES ($1, $2, 'Region', $3)`, [
    rootId,
    `impact-root-${tag}`,
    `/${rootId}/`,
  ]);
  const cycle = async (label: string, start: string, end: string) =>
    (
      await db.query(
        `INSERT INTO cycles (name, period_label, period_start, period_end, employee_survey_id,
                             customer_survey_id, opens_at, closes_at, status, closed_at)
         VALUES ('Pulse', $1, $2, $3, $4, $5, $2::date, $3::date, 'closed', $3::date) RETURNING id`,
        [`${label}-${tag}`, start, end, BUILTIN.employee, BUILTIN.customer],
      )
    )[0].id as string;
  const first = await cycle('Q1', '2025-01-01', '2025-03-31');
  const second = await cycle('Q2', '2025-04-01', '2025-06-30');
  const employeeQuestions: { key: string; kind: string }[] = await db.query(
    `SELECT key, kind FROM questions WHERE survey_id = $1`,
    [BUILTIN.employee],
  );
  const employeeAnswers = (score: number) =>
    JSON.stringify(
      Object.fromEntries(
        employeeQuestions.flatMap((q) =>
          q.kind === 'likert5' ? [[q.key, score]] : q.kind === 'nps' ? [[q.key, 8]] : [],
        ),
      ),
    );
  const units: Record<string, string> = {};
  for (const u of UNITS) {
    const id = randomUUID();
    units[u.name] = id;
    await db.query(
      `INSERT INTO units (id, external_id, name, parent_id, path) VALUES ($1, $2, $3, $4, $5)`,
      [id, `impact-${u.name}-${tag}`, `Unit ${u.name}`, rootId, `/${rootId}/${id}/`],
    );
    for (const [cycleId, score, nps] of [
      [first, u.before, u.npsBefore],
      [second, u.after, u.npsAfter],
    ] as const) {
      for (let i = 0; i < 5; i++) {
        await db.query(
          `INSERT INTO employee_responses (cycle_id, unit_id, submitted_on, answers)
           VALUES ($1, $2, '2025-03-01', $3::jsonb)`,
          [cycleId, id, employeeAnswers(score)],
        );
        const [{ id: responseId }] = await db.query(
          `INSERT INTO customer_responses (cycle_id, unit_id, submitted_at, answers)
           VALUES ($1, $2, '2025-03-01T10:00:00Z', $3::jsonb) RETURNING id`,
          [cycleId, id, JSON.stringify({ nps, csat: 4 })],
        );
        if (cycleId === first && i === 0)
          await db.query(
            `INSERT INTO follow_ups (response_id, cycle_id, unit_id, reasons, nps, state, opened_at,
                                     due_at, resolved_at)
             VALUES ($1, $2, $3, '{detractor}', $4, 'resolved', '2025-03-01T10:00:00Z',
                     '2025-03-03T10:00:00Z', $5)`,
            [
              responseId,
              first,
              id,
              nps,
              u.onTime ? '2025-03-02T10:00:00Z' : '2025-03-10T10:00:00Z',
            ],
          );
      }
    }
  }
  return { first, second, units, labels: [`Q1-${tag}`, `Q2-${tag}`] };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Index of a unit whose every engagement item is `score`; NPS when every customer says `nps`. */
const index = (score: number) => ((score - 1) / 4) * 100;
const npsOf = (answer: number) => (answer >= 9 ? 100 : answer <= 6 ? -100 : 0);

describe('Does following through matter? (comparison over real cycles)', () => {
  let t: TestApp;
  let data: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    t = await createTestApp({ ANONYMITY_MIN: '5', MIN_CUSTOMER_RESPONSES: '5' });
    data = await seed(t.dataSource);
  });

  afterAll(async () => {
    await t.close();
  });

  it('compares the change to the next cycle of units that resolved follow-ups on time with the others', async () => {
    const exec = await person(t, 'executive');
    const res = await t
      .http()
      .get(`/api/v1/follow-through/impact?from=${data.labels[0]}&to=${data.labels[1]}`)
      .set(exec.bearer)
      .expect(200);
    expect(res.body.pairs).toHaveLength(1);
    const followUps = res.body.comparisons.find((c: { key: string }) => c.key === 'followUps');
    expect([followUps.followed, followUps.others]).toEqual([3, 3]);

    const change = (onTime: boolean, f: (u: (typeof UNITS)[number]) => number) =>
      mean(UNITS.filter((u) => u.onTime === onTime).map(f));
    const engagement = followUps.outcomes.find(
      (o: { key: string }) => o.key === 'engagement',
    ).result;
    const expectedEngagement =
      change(true, (u) => index(u.after) - index(u.before)) -
      change(false, (u) => index(u.after) - index(u.before));
    expect(engagement.status).toBe('ok');
    expect(engagement.difference).toBeCloseTo(expectedEngagement, 9);
    expect(engagement.exploratory).toBe(true);
    expect([engagement.nA, engagement.nB]).toEqual([3, 3]);

    const nps = followUps.outcomes.find((o: { key: string }) => o.key === 'nps').result;
    const expectedNps =
      change(true, (u) => npsOf(u.npsAfter) - npsOf(u.npsBefore)) -
      change(false, (u) => npsOf(u.npsAfter) - npsOf(u.npsBefore));
    expect(nps.difference).toBeCloseTo(expectedNps, 9);
    // CSAT did not move anywhere: no spread, so no interval
    const csat = followUps.outcomes.find((o: { key: string }) => o.key === 'csat').result;
    expect(csat.status).toBe('insufficient');
  });

  it('leaves out employee changes of a unit that falls below the anonymity threshold', async () => {
    await t.dataSource.query(
      `DELETE FROM employee_responses WHERE id IN (
         SELECT id FROM employee_responses WHERE unit_id = $1 AND cycle_id = $2 LIMIT 2)`,
      [data.units.A, data.second],
    );
    const hr = await person(t, 'hr');
    const res = await t
      .http()
      .get(`/api/v1/follow-through/impact?cycle=${data.labels[1]}`)
      .set(hr.bearer)
      .expect(200);
    const followUps = res.body.comparisons.find((c: { key: string }) => c.key === 'followUps');
    const engagement = followUps.outcomes.find(
      (o: { key: string }) => o.key === 'engagement',
    ).result;
    // A (3 responses) is hidden, and so is the next-smallest sibling that would give it away
    expect(engagement.nA + engagement.nB).toBe(4);
    expect(engagement.nA).toBeLessThanOrEqual(2);
    const nps = followUps.outcomes.find((o: { key: string }) => o.key === 'nps').result;
    expect([nps.nA, nps.nB]).toEqual([3, 3]);
  });

  it('shows the comparison on its page, labelled exploratory, for a manager limited to their units', async () => {
    const manager = await person(t, 'manager', data.units.B);
    const page = await manager.agent
      .get(`/follow-through/impact?from=${data.labels[0]}&to=${data.labels[1]}`)
      .expect(200);
    expect(page.text).toContain('Does following through matter?');
    // one unit in scope: no groups to compare
    expect(page.text).toContain('Each group needs at least two units');
    const hr = await person(t, 'hr');
    const all = await hr.agent
      .get(`/follow-through/impact?from=${data.labels[0]}&to=${data.labels[1]}`)
      .expect(200);
    expect(all.text).toContain('Exploratory: too few units to be sure');
    expect(all.text).toMatch(
      /Customer NPS moved \d+\.\d points (more|less) in units that resolved/,
    );
  });
});
