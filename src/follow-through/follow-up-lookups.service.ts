import { Injectable } from '@nestjs/common';
import { UsersService } from '../auth/users.service';
import { CyclesService } from '../cycles/cycles.service';
import { AccountsService } from '../directory/accounts.service';
import { ContactsService } from '../directory/contacts.service';
import { EmployeesService } from '../directory/employees.service';
import { UnitsService } from '../directory/units.service';
import { CustomerAnswersService } from '../respond/customer-answers.service';
import { SurveysService } from '../surveys/surveys.service';

/** The owners' ids a stored follow-up row carries. */
export interface FollowUpIds {
  unitId: string;
  accountId: string | null;
  contactId: string | null;
  cycleId: string;
  assigneeId: string | null;
  resolvedById: string | null;
}

/** What a follow-up shows of its unit, customer, people and cycle. */
export interface FollowUpNames {
  unitName: string;
  unitPath: string;
  accountName: string | null;
  contactName: string | null;
  contactEmail: string | null;
  /** the contact can still receive email (subscribed and active) */
  contactReachable: boolean;
  cycleLabel: string;
  assigneeName: string | null;
  resolvedByName: string | null;
}

export type Named<T> = Omit<T, 'contactId' | 'cycleId' | 'resolvedById'> & FollowUpNames;

const LIKERT = [
  'Strongly disagree',
  'Disagree',
  'Neither agree nor disagree',
  'Agree',
  'Strongly agree',
];

/**
 * What follow-ups show from other modules: the names behind a page of rows (one batch per
 * owner, never one per row) and the customer's whole answer.
 */
@Injectable()
export class FollowUpLookups {
  constructor(
    private readonly units: UnitsService,
    private readonly accounts: AccountsService,
    private readonly contacts: ContactsService,
    private readonly employees: EmployeesService,
    private readonly users: UsersService,
    private readonly cycles: CyclesService,
    private readonly surveys: SurveysService,
    private readonly customerAnswers: CustomerAnswersService,
  ) {}

  /** The stored rows with the names of their units, customers, people and cycles, in one round. */
  async named<T extends FollowUpIds>(rows: T[]): Promise<Named<T>[]> {
    const ids = (key: keyof FollowUpIds) => rows.flatMap((r) => r[key] ?? []);
    const [units, accounts, contacts, employees, users, cycles] = await Promise.all([
      this.units.summariesByIds(ids('unitId')),
      this.accounts.summariesByIds(ids('accountId')),
      this.contacts.summariesByIds(ids('contactId')),
      this.employees.summariesByIds(ids('assigneeId')),
      this.users.summariesByIds(ids('resolvedById')),
      this.cycles.summaries(ids('cycleId')),
    ]);
    const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((i) => [i.id, i]));
    const [unitOf, accountOf, contactOf, employeeOf, userOf, cycleOf] = [
      byId(units),
      byId(accounts),
      byId(contacts),
      byId(employees),
      byId(users),
      byId(cycles),
    ];
    return rows.map(({ contactId, cycleId, resolvedById, ...r }): Named<T> => {
      const unit = unitOf.get(r.unitId);
      const contact = contactId ? contactOf.get(contactId) : undefined;
      return {
        ...r,
        unitName: unit?.name ?? '',
        unitPath: unit?.path ?? '',
        accountName: (r.accountId && accountOf.get(r.accountId)?.name) || null,
        contactName: contact?.name ?? null,
        contactEmail: contact?.email ?? null,
        contactReachable: contact?.reachable ?? false,
        cycleLabel: cycleOf.get(cycleId)?.label ?? '',
        assigneeName: (r.assigneeId && employeeOf.get(r.assigneeId)?.name) || null,
        resolvedByName: (resolvedById && userOf.get(resolvedById)?.name) || null,
      };
    });
  }

  /** The customer's whole answer, question by question, in the survey's order. */
  async answers(responseId: string): Promise<{ question: string; answer: string }[]> {
    const response = await this.customerAnswers.find(responseId);
    if (!response) return [];
    const [cycle] = await this.cycles.summaries([response.cycleId]);
    if (!cycle?.customerSurveyId) return [];
    const questions = await this.surveys.questionsOf(cycle.customerSurveyId);
    return questions.flatMap((q) => {
      if (!(q.key in response.answers)) return [];
      const value = jsonText(response.answers[q.key]);
      if (value === null || value === '') return [];
      return [{ question: q.text, answer: describeAnswer(q.kind, value) }];
    });
  }
}

/** A jsonb value as Postgres' `->>` gives it: strings as they are, null as null, else JSON. */
function jsonText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describeAnswer(kind: string, value: string): string {
  const n = Number(value);
  switch (kind) {
    case 'nps':
      return `${value} out of 10`;
    case 'rating5':
      return `${value} out of 5`;
    case 'likert5':
      return LIKERT[n - 1] ?? value;
    default:
      return value;
  }
}
