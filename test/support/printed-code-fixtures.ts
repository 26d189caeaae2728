import { DataSource } from 'typeorm';
import { CycleLaunchService } from '../../src/cycles/cycle-launch.service';
import { CyclesService } from '../../src/cycles/cycles.service';
import { BUILTIN, cycleInput } from './delivery-fixtures';
import { createUnit } from './respond-factories';
import type { TestApp } from './test-app';

/**
 * A launched, open cycle over one region with two branches: in the first, three people without
 * an email address and one with; in the second, two without. Invitations come from the real
 * opening (one INSERT … SELECT over the directory).
 */
export interface FrontlineCycle {
  cycleId: string;
  branchA: string;
  branchB: string;
  /** Employee ids by name. */
  people: Map<string, string>;
  /** The one person of branch A with an email address. */
  withEmail: { name: string; email: string; externalId: string };
}

export async function launchFrontlineCycle(
  t: TestApp,
  tag: string,
  /** More people without an address in branch B (Eve 1, Eve 2, …). */
  extra = 0,
): Promise<FrontlineCycle> {
  const ds = t.dataSource;
  const root = await createUnit(ds, `Region ${tag}`);
  const branchA = await createUnit(ds, `Depot A ${tag}`, root);
  const branchB = await createUnit(ds, `Depot B ${tag}`, root);
  const people = new Map<string, string>();
  const add = async (name: string, unitId: string, email: string | null, externalId: string) => {
    const [{ id }] = await ds.query<Array<{ id: string }>>(
      `INSERT INTO employees (email, name, unit_id, hire_date, external_id)
       VALUES ($1, $2, $3, current_date - 400, $4) RETURNING id`,
      [email, name, unitId, externalId],
    );
    people.set(name, id);
  };
  for (const n of [1, 2, 3]) await add(`Ana ${n} ${tag}`, branchA, null, `A${n}-${tag}`);
  const withEmail = {
    name: `Ben ${tag}`,
    email: `ben-${tag}@example.test`,
    externalId: `A9-${tag}`,
  };
  await add(withEmail.name, branchA, withEmail.email, withEmail.externalId);
  for (const n of [1, 2]) await add(`Cy ${n} ${tag}`, branchB, null, `B${n}-${tag}`);
  for (let n = 1; n <= extra; n++) await add(`Eve ${n} ${tag}`, branchB, null, `E${n}-${tag}`);
  const cycle = await t.app
    .get(CyclesService)
    .create(cycleInput([root], { customerSurveyId: null, employeeSurveyId: BUILTIN.employee }));
  await t.app.get(CycleLaunchService).launch(cycle.id);
  return { cycleId: cycle.id, branchA, branchB, people, withEmail };
}

/** A complete, valid answer set for a survey, as its form posts it. */
export async function validAnswers(
  ds: DataSource,
  surveyId: string,
): Promise<Record<string, string>> {
  const questions = await ds.query<Array<{ key: string; kind: string; options: string[] }>>(
    `SELECT key, kind, options FROM questions WHERE survey_id = $1 ORDER BY position`,
    [surveyId],
  );
  const form: Record<string, string> = {};
  for (const q of questions) {
    if (q.kind === 'nps') form[`q_${q.key}`] = '8';
    else if (q.kind === 'likert5' || q.kind === 'rating5') form[`q_${q.key}`] = '4';
    else if (q.kind === 'single_choice') form[`q_${q.key}`] = q.options[0];
    else form[`q_${q.key}`] = 'More shade in the yard.';
  }
  return form;
}

/** The codes on a printed sheet, as printed (five groups of four). */
export function codesOnSheet(html: string): string[] {
  return [...html.matchAll(/class="code-card-code">([0-9A-Z-]+)</g)].map((m) => m[1]);
}

/** The name on each card, in order. */
export function namesOnSheet(html: string): string[] {
  return [...html.matchAll(/class="code-card-name">([^<]+)</g)].map((m) => m[1]);
}
