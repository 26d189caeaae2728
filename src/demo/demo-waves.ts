import { atTime, quarterLabel, tenureBand, toDay, toIso } from './demo-calendar';
import type {
  DemoAccount,
  DemoContact,
  DemoCustomerResponse,
  DemoCycle,
  DemoEmployee,
  DemoEmployeeResponse,
  DemoInvitation,
  SimulatedQuarter,
} from './demo-company.types';
import {
  AnswerQuestion,
  customerAnswers,
  employeeAnswers,
  PLANTED,
  UnitLatents,
} from './planted-model';
import { SeededRandom } from './prng';

/** Cycles open five weeks into their quarter for two weeks, with reminders on days 3 and 7. */
const OPENS_AFTER_DAYS = 35;
const OPEN_FOR_DAYS = 14;
export const DEMO_REMINDER_DAYS = [3, 7];

export interface DemoWave {
  invitations: DemoInvitation[];
  employeeResponses: DemoEmployeeResponse[];
  customerResponses: DemoCustomerResponse[];
}

export function demoCycles(
  random: SeededRandom,
  quarters: readonly SimulatedQuarter[],
  indices: readonly number[],
): DemoCycle[] {
  const cycles: DemoCycle[] = [];
  for (const q of indices) {
    const { start, end } = quarters[q];
    const label = quarterLabel(start);
    const opens = toDay(start) + OPENS_AFTER_DAYS;
    cycles.push({
      id: random.uuid(),
      name: `${label} paired pulse`,
      label,
      periodStart: start,
      periodEnd: end,
      opensAt: atTime(opens, 8),
      closesAt: atTime(opens + OPEN_FOR_DAYS, 17),
      previousCycleId: cycles.at(-1)?.id ?? null,
      quarter: q,
    });
  }
  return cycles;
}

/** Reminders a person got before answering on `day` (days after opening), or all of them. */
function reminders(opensAt: Date, answeredOnDay: number | null) {
  const sent = DEMO_REMINDER_DAYS.filter((d) => answeredOnDay === null || d <= answeredOnDay);
  const last = sent.at(-1);
  return {
    remindersSent: sent.length,
    lastRemindedAt: last === undefined ? null : new Date(opensAt.getTime() + last * 86_400_000),
  };
}

/**
 * One closed wave: everyone on the books (and every reachable contact) on the opening day is
 * invited; about 72 % of employees and 50 % of contacts answer. Employee answers are written as
 * anonymous rows per branch, shuffled, so nothing ties a response to the invitation it used.
 */
export function simulateWave(
  random: SeededRandom,
  cycle: DemoCycle,
  data: {
    employees: readonly DemoEmployee[];
    accounts: readonly DemoAccount[];
    contacts: readonly DemoContact[];
    latents: ReadonlyMap<string, UnitLatents>;
    questions: { employee: readonly AnswerQuestion[]; customer: readonly AnswerQuestion[] };
  },
): DemoWave {
  const openDay = Math.floor(cycle.opensAt.getTime() / 86_400_000);
  const openIso = toIso(openDay);
  const wave: DemoWave = { invitations: [], employeeResponses: [], customerResponses: [] };
  const sentAt = new Date(cycle.opensAt.getTime() + 5 * 60_000);
  const answerDay = () => Math.min(OPEN_FOR_DAYS - 1, Math.floor(-Math.log(1 - random.next()) * 3));

  const respondents = new Map<string, { band: string; day: number }[]>();
  for (const e of data.employees) {
    if (e.hireDate > openIso || (e.exitDate !== null && e.exitDate <= openIso)) continue;
    const band = tenureBand(toDay(e.hireDate), openDay);
    const responded = random.chance(PLANTED.employeeResponseRate);
    const day = responded ? answerDay() : null;
    wave.invitations.push({
      id: random.uuid(),
      cycleId: cycle.id,
      audience: 'employee',
      employeeId: e.id,
      contactId: null,
      accountId: null,
      unitId: e.unitId,
      email: e.email,
      recipientName: e.name,
      tenureBand: band,
      sentAt,
      ...reminders(cycle.opensAt, day),
      responded,
    });
    if (day === null) continue;
    const people = respondents.get(e.unitId);
    if (people === undefined) respondents.set(e.unitId, [{ band, day }]);
    else people.push({ band, day });
  }
  for (const [unitId, people] of respondents) {
    const latent = data.latents.get(unitId)!;
    const levels = {
      engagement: latent.engagement[cycle.quarter],
      dimensions: Object.fromEntries(
        Object.entries(latent.dimensions).map(([d, series]) => [d, series[cycle.quarter]]),
      ),
    };
    for (const { band, day } of random.shuffle(people)) {
      wave.employeeResponses.push({
        id: random.uuid(),
        cycleId: cycle.id,
        unitId,
        tenureBand: band,
        submittedOn: toIso(openDay + day),
        answers: employeeAnswers(random, data.questions.employee, levels),
      });
    }
  }

  const accounts = new Map(data.accounts.map((a) => [a.id, a]));
  for (const c of data.contacts) {
    const account = accounts.get(c.accountId)!;
    if (account.startDate > openIso || (account.churnDate !== null && account.churnDate <= openIso))
      continue;
    if (c.unsubscribedAt !== null && c.unsubscribedAt <= openIso) continue;
    const responded = random.chance(PLANTED.customerResponseRate);
    const day = responded ? answerDay() : null;
    const invitation: DemoInvitation = {
      id: random.uuid(),
      cycleId: cycle.id,
      audience: 'customer',
      employeeId: null,
      contactId: c.id,
      accountId: account.id,
      unitId: account.unitId,
      email: c.email,
      recipientName: c.name,
      tenureBand: null,
      sentAt,
      ...reminders(cycle.opensAt, day),
      responded,
    };
    wave.invitations.push(invitation);
    if (day === null) continue;
    const satisfaction = data.latents.get(account.unitId)!.satisfaction[cycle.quarter];
    wave.customerResponses.push({
      id: random.uuid(),
      cycleId: cycle.id,
      unitId: account.unitId,
      accountId: account.id,
      contactId: c.id,
      invitationId: invitation.id,
      submittedAt: atTime(openDay + day, random.int(8, 19), random.int(0, 59)),
      answers: customerAnswers(random, data.questions.customer, satisfaction),
    });
  }
  return wave;
}
