import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AnswerSeal } from '../../src/respond/answer-seal';
import { generateToken, hashToken } from '../../src/delivery/tokens';
import type { QuestionKind } from '../../src/surveys/entities/question.entity';
import type { Audience } from '../../src/surveys/entities/survey.entity';

/**
 * Small factories for respondent tests: the rows a launched cycle leaves behind (survey,
 * questions, cycle, invitations, hashed tokens), written directly.
 */

export interface QuestionSpec {
  key: string;
  kind: QuestionKind;
  text: string;
  required?: boolean;
  options?: string[];
  maxLength?: number;
}

export const EMPLOYEE_QUESTIONS: QuestionSpec[] = [
  { key: 'enps', kind: 'nps', text: 'How likely are you to recommend working here to a friend?' },
  { key: 'proud', kind: 'likert5', text: 'I am proud of the work my team does.' },
  { key: 'tools', kind: 'likert5', text: 'I have what I need to do my job well.' },
  { key: 'manager', kind: 'likert5', text: 'My manager helps me grow.' },
  {
    key: 'workload',
    kind: 'single_choice',
    text: 'How is your workload?',
    options: ['Too light', 'About right', 'Too heavy'],
  },
  {
    key: 'comment',
    kind: 'text',
    text: 'What one thing would make work better?',
    required: false,
    maxLength: 500,
  },
];

export const CUSTOMER_QUESTIONS: QuestionSpec[] = [
  { key: 'nps', kind: 'nps', text: 'How likely are you to recommend us to a colleague?' },
  { key: 'csat', kind: 'rating5', text: 'Overall, how would you rate working with us?' },
  { key: 'promises', kind: 'likert5', text: 'They keep their promises.' },
  {
    key: 'contact',
    kind: 'single_choice',
    text: 'How often do you hear from us?',
    options: ['Too rarely', 'About right', 'Too often'],
    required: false,
  },
  {
    key: 'comment',
    kind: 'text',
    text: 'Anything you would like us to know?',
    required: false,
    maxLength: 1000,
  },
];

/** A complete valid answer set, as a browser would post it. */
export function validForm(questions: QuestionSpec[]): Record<string, string> {
  const form: Record<string, string> = {};
  for (const q of questions) {
    if (q.kind === 'nps') form[`q_${q.key}`] = '9';
    else if (q.kind === 'likert5' || q.kind === 'rating5') form[`q_${q.key}`] = '4';
    else if (q.kind === 'single_choice') form[`q_${q.key}`] = q.options![1];
    else form[`q_${q.key}`] = 'Keep the Friday demos.';
  }
  return form;
}

let seq = 0;
const next = () => `${Date.now().toString(36)}-${++seq}`;

export async function createUnit(
  ds: DataSource,
  name = 'Branch',
  parentId: string | null = null,
): Promise<string> {
  const id = randomUUID();
  const [parent] = parentId
    ? await ds.query(`SELECT path FROM units WHERE id = $1`, [parentId])
    : [{ path: '/' }];
  await ds.query(
    `INSERT INTO units (id, external_id, name, parent_id, path) VALUES ($1, $2, $3, $4, $5)`,
    [id, `unit-${next()}`, `${name} ${seq}`, parentId, `${parent.path}${id}/`],
  );
  return id;
}

export async function createSurvey(
  ds: DataSource,
  audience: Audience,
  questions: QuestionSpec[] = audience === 'employee' ? EMPLOYEE_QUESTIONS : CUSTOMER_QUESTIONS,
  options: { locked?: boolean; name?: string; description?: string } = {},
): Promise<string> {
  const [{ id }] = await ds.query(
    `INSERT INTO surveys (name, audience, description, locked_at)
     VALUES ($1, $2, $3, CASE WHEN $4 THEN now() END) RETURNING id`,
    [
      options.name ?? (audience === 'employee' ? 'Team pulse' : 'How are we doing?'),
      audience,
      options.description ?? '',
      options.locked ?? true,
    ],
  );
  for (const [position, q] of questions.entries()) {
    await ds.query(
      `INSERT INTO questions (survey_id, position, key, kind, text, required, options, max_length)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)`,
      [
        id,
        position,
        q.key,
        q.kind,
        q.text,
        q.required ?? true,
        JSON.stringify(q.options ?? []),
        q.maxLength ?? 2000,
      ],
    );
  }
  return id;
}

export interface CycleSpec {
  employeeSurveyId?: string | null;
  customerSurveyId?: string | null;
  status?: 'draft' | 'scheduled' | 'open' | 'closed';
  opensAt?: Date;
  closesAt?: Date;
  closedAt?: Date | null;
}

const DAY = 24 * 60 * 60 * 1000;

/** By default an open cycle that opened yesterday and closes in two weeks. */
export async function createCycle(ds: DataSource, spec: CycleSpec = {}): Promise<string> {
  const opensAt = spec.opensAt ?? new Date(Date.now() - DAY);
  const closesAt = spec.closesAt ?? new Date(Date.now() + 14 * DAY);
  const [{ id }] = await ds.query(
    `INSERT INTO cycles (name, period_label, period_start, period_end, employee_survey_id,
                         customer_survey_id, opens_at, closes_at, status, launched_at, closed_at)
     VALUES ($1, $2, $3::date, $4::date, $5, $6, $7::timestamptz, $8, $9::text,
             CASE WHEN $9::text IN ('open', 'closed') THEN $7::timestamptz END, $10::timestamptz)
     RETURNING id`,
    [
      'Pulse',
      `P-${next()}`,
      opensAt.toISOString().slice(0, 10),
      closesAt.toISOString().slice(0, 10),
      spec.employeeSurveyId ?? null,
      spec.customerSurveyId ?? null,
      opensAt,
      closesAt,
      spec.status ?? 'open',
      spec.closedAt ?? null,
    ],
  );
  return id;
}

/** An open cycle with both surveys. */
export async function createOpenCycle(ds: DataSource, spec: CycleSpec = {}) {
  const employeeSurveyId = spec.employeeSurveyId ?? (await createSurvey(ds, 'employee'));
  const customerSurveyId = spec.customerSurveyId ?? (await createSurvey(ds, 'customer'));
  const cycleId = await createCycle(ds, { ...spec, employeeSurveyId, customerSurveyId });
  return { cycleId, employeeSurveyId, customerSurveyId };
}

export interface Invited {
  invitationId: string;
  token: string;
  personId: string;
}

/** Issues a token the way delivery does: the plain token goes to the caller, its hash to the table. */
export async function issueToken(
  ds: DataSource,
  invitationId: string,
  purpose: 'survey' | 'unsubscribe' = 'survey',
): Promise<string> {
  const token = generateToken();
  await ds.query(
    `INSERT INTO invitation_tokens (token_hash, invitation_id, purpose) VALUES ($1, $2, $3)`,
    [hashToken(token), invitationId, purpose],
  );
  return token;
}

export async function inviteEmployee(
  ds: DataSource,
  cycleId: string,
  unitId: string,
  tenureBand = '1-3y',
): Promise<Invited> {
  const n = next();
  const [{ id: employeeId }] = await ds.query(
    `INSERT INTO employees (email, name, unit_id, hire_date)
     VALUES ($1, $2, $3, '2022-01-10') RETURNING id`,
    [`employee-${n}@example.test`, `Employee ${n}`, unitId],
  );
  const [{ id }] = await ds.query(
    `INSERT INTO invitations (cycle_id, audience, employee_id, unit_id, email, recipient_name,
                              tenure_band, delivery_state, sent_at)
     VALUES ($1, 'employee', $2, $3, $4, $5, $6, 'sent', now()) RETURNING id`,
    [cycleId, employeeId, unitId, `employee-${n}@example.test`, `Employee ${n}`, tenureBand],
  );
  return { invitationId: id, token: await issueToken(ds, id), personId: employeeId };
}

export async function inviteCustomer(
  ds: DataSource,
  cycleId: string,
  unitId: string,
  options: { accountName?: string; unsubscribed?: boolean } = {},
): Promise<Invited & { accountId: string }> {
  const n = next();
  const [{ id: accountId }] = await ds.query(
    `INSERT INTO customer_accounts (external_id, name, unit_id) VALUES ($1, $2, $3) RETURNING id`,
    [`acct-${n}`, options.accountName ?? `Account ${n}`, unitId],
  );
  const [{ id: contactId }] = await ds.query(
    `INSERT INTO contacts (email, name, account_id, subscribed, unsubscribed_at)
     VALUES ($1, $2, $3, $4, CASE WHEN $4 THEN NULL ELSE now() END) RETURNING id`,
    [`contact-${n}@example.test`, `Contact ${n}`, accountId, !options.unsubscribed],
  );
  const [{ id }] = await ds.query(
    `INSERT INTO invitations (cycle_id, audience, contact_id, account_id, unit_id, email,
                              recipient_name, delivery_state, sent_at, unsubscribed_at)
     VALUES ($1, 'customer', $2, $3, $4, $5, $6, 'sent', now(), CASE WHEN $7 THEN now() END)
     RETURNING id`,
    [
      cycleId,
      contactId,
      accountId,
      unitId,
      `contact-${n}@example.test`,
      `Contact ${n}`,
      !!options.unsubscribed,
    ],
  );
  return { invitationId: id, token: await issueToken(ds, id), personId: contactId, accountId };
}

/** An employee answer as stored: sealed while its cycle is open, released when it closes. */
export interface StoredEmployeeAnswer {
  unit_id: string;
  tenure_band: string | null;
  submitted_on: string;
  answers: Record<string, number | string>;
  sealed: boolean;
}

/**
 * Every employee answer stored for a cycle, opening the sealed ones with the application's own
 * key (which only the running application holds, never the database).
 */
export async function storedEmployeeAnswers(
  app: INestApplicationContext,
  ds: DataSource,
  cycleId: string,
): Promise<StoredEmployeeAnswer[]> {
  const seal = app.get(AnswerSeal);
  const sealed: Array<{ unit_id: string; tenure_band: string | null; sealed: Buffer }> =
    await ds.query(
      `SELECT unit_id, tenure_band, sealed FROM sealed_employee_answers WHERE cycle_id = $1`,
      [cycleId],
    );
  const released: Array<Omit<StoredEmployeeAnswer, 'sealed'>> = await ds.query(
    `SELECT unit_id, tenure_band, to_char(submitted_on, 'YYYY-MM-DD') AS submitted_on, answers
       FROM employee_responses WHERE cycle_id = $1`,
    [cycleId],
  );
  return [
    ...sealed.map((r) => {
      const content = seal.open(r.sealed);
      return {
        unit_id: r.unit_id,
        tenure_band: r.tenure_band,
        submitted_on: content.submittedOn,
        answers: content.answers,
        sealed: true,
      };
    }),
    ...released.map((r) => ({ ...r, sealed: false })),
  ];
}
