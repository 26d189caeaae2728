import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../src/auth/api-keys.service';
import type { Role } from '../src/auth/roles';
import { BUILTIN } from './support/delivery-fixtures';
import { createUser, signIn, TestApp, csrfFrom } from './support/test-app';

/** Small helpers for the follow-through specs. */

let ip = 0;
/** Each respondent from its own address, so the per-address survey limit never bites. */
export const nextIp = () => `203.0.113.${(ip++ % 250) + 1}`;

/** A customer's answers to the built-in relationship survey, as the survey page posts them. */
export async function customerForm(
  db: DataSource,
  answers: { nps: number; csat: number; likert?: number; comment?: string },
): Promise<Record<string, string>> {
  const questions: { key: string; kind: string }[] = await db.query(
    `SELECT key, kind FROM questions WHERE survey_id = $1 ORDER BY position`,
    [BUILTIN.customer],
  );
  const form: Record<string, string> = {};
  for (const q of questions) {
    if (q.kind === 'nps') form[`q_${q.key}`] = String(answers.nps);
    else if (q.kind === 'rating5') form[`q_${q.key}`] = String(answers.csat);
    else if (q.kind === 'likert5') form[`q_${q.key}`] = String(answers.likert ?? 3);
    else if (q.kind === 'text') form[`q_${q.key}`] = answers.comment ?? '';
  }
  return form;
}

/** A signed-in browser-like agent with a CSRF token, plus an API key for the same person. */
export async function person(t: TestApp, role: Role, unitId: string | null = null) {
  const user = await createUser(t, role, unitId);
  const agent = t.agent();
  await signIn(agent, user.email, user.password);
  const page = await agent.get('/account/api-keys').expect(200);
  const { key } = await t.app.get(ApiKeysService).create(user.id, 'tests');
  return { user, agent, csrf: csrfFrom(page.text), bearer: { Authorization: `Bearer ${key}` } };
}

export interface PlanOrg {
  rootId: string;
  /** 8 employee responses in the closed cycle: results shown */
  bigId: string;
  /** 3 responses: below the anonymity threshold */
  smallId: string;
  /**
   * Another unit with 6 responses, for "a manager of another unit". Its own figures are hidden
   * by complementary suppression (it is the smallest sibling of the hidden small unit).
   */
  otherId: string;
  cycleId: string;
  cycleLabel: string;
  bigEmployees: string[];
}

/**
 * A root with three units, active employees and a closed cycle of the built-in surveys with
 * anonymous employee responses written straight into the table (what respond stores).
 * Enablement scores lowest in the big unit.
 */
export async function seedPlanOrg(db: DataSource): Promise<PlanOrg> {
  const tag = randomUUID().slice(0, 8);
  const rootId = randomUUID();
  await db.query(`INSERT INTO units (id, external_id, name, path) VALUES ($1, $2, $3, $4)`, [
    rootId,
    `plan-root-${tag}`,
    `Region ${tag}`,
    `/${rootId}/`,
  ]);
  const child = async (name: string) => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO units (id, external_id, name, parent_id, path) VALUES ($1, $2, $3, $4, $5)`,
      [id, `${name}-${tag}`, `${name} ${tag}`, rootId, `/${rootId}/${id}/`],
    );
    return id;
  };
  const bigId = await child('Harbour branch');
  const smallId = await child('Hill branch');
  const otherId = await child('River branch');
  const bigEmployees: string[] = [];
  for (const [unitId, count] of [
    [bigId, 9],
    [smallId, 3],
    [otherId, 6],
  ] as const) {
    for (let i = 0; i < count; i++) {
      const email = `plan-${tag}-${unitId.slice(0, 4)}-${i}@example.test`;
      await db.query(
        `INSERT INTO employees (email, name, unit_id, hire_date) VALUES ($1, $2, $3, '2021-01-04')`,
        [email, `Person ${i}`, unitId],
      );
      if (unitId === bigId) bigEmployees.push(email);
    }
  }
  const cycleLabel = `Plan-${tag}`;
  const [{ id: cycleId }] = await db.query(
    `INSERT INTO cycles (name, period_label, period_start, period_end, employee_survey_id,
                         customer_survey_id, opens_at, closes_at, status, launched_at, closed_at)
     VALUES ('Pulse', $1, current_date - 40, current_date - 10, $2, $3, now() - interval '40 days',
             now() - interval '10 days', 'closed', now() - interval '40 days', now() - interval '10 days')
     RETURNING id`,
    [cycleLabel, BUILTIN.employee, BUILTIN.customer],
  );
  const questions: { key: string; kind: string; dimension: string | null }[] = await db.query(
    `SELECT key, kind, dimension FROM questions WHERE survey_id = $1`,
    [BUILTIN.employee],
  );
  const answers = (i: number) =>
    Object.fromEntries(
      questions.flatMap((q) => {
        if (q.kind === 'nps') return [[q.key, 7 + (i % 3)]];
        if (q.kind !== 'likert5') return [];
        return [[q.key, q.dimension === 'enablement' ? 2 : 4 + (i % 2)]];
      }),
    );
  for (const [unitId, count] of [
    [bigId, 8],
    [smallId, 3],
    [otherId, 6],
  ] as const)
    for (let i = 0; i < count; i++)
      await db.query(
        `INSERT INTO employee_responses (cycle_id, unit_id, tenure_band, submitted_on, answers)
         VALUES ($1, $2, '1-3y', current_date - 20, $3::jsonb)`,
        [cycleId, unitId, JSON.stringify(answers(i))],
      );
  return { rootId, bigId, smallId, otherId, cycleId, cycleLabel, bigEmployees };
}

/** Engagement item score per unit in the two cycles, and the NPS answer all five customers give. */
export const IMPACT_UNITS = [
  { name: 'A', before: 3, after: 4, npsBefore: 7, npsAfter: 10, onTime: true },
  { name: 'B', before: 2, after: 3, npsBefore: 5, npsAfter: 9, onTime: true },
  { name: 'C', before: 4, after: 4, npsBefore: 8, npsAfter: 8, onTime: true },
  // D has the fewest employee responses (5, the others 6): when a sibling must be hidden to
  // protect a small group, it is D.
  { name: 'D', before: 4, after: 4, npsBefore: 9, npsAfter: 6, onTime: false, employees: 5 },
  { name: 'E', before: 3, after: 2, npsBefore: 6, npsAfter: 6, onTime: false },
  { name: 'F', before: 3, after: 3, npsBefore: 10, npsAfter: 9, onTime: false },
];

/**
 * Two closed cycles over six units (six employee responses, D five; five customer responses), one
 * follow-up per unit from the first cycle, resolved on time in A–C and late in D–F.
 */
export async function seedImpactOrg(db: DataSource) {
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
  for (const u of IMPACT_UNITS) {
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
      for (let i = 0; i < ((u as { employees?: number }).employees ?? 6); i++)
        await db.query(
          `INSERT INTO employee_responses (cycle_id, unit_id, submitted_on, answers)
           VALUES ($1, $2, '2025-03-01', $3::jsonb)`,
          [cycleId, id, employeeAnswers(score)],
        );
      for (let i = 0; i < 5; i++) {
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
