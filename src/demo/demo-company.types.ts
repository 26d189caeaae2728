import type { AnswerQuestion, UnitLatents } from './planted-model';

/** Rows of a generated demo company, shaped like the tables they go into. Dates are 'YYYY-MM-DD'. */

export interface DemoOptions {
  seed: number | string;
  /** The demo's today: two years of history end here; the four cycles are the quarters before it. */
  asOf: string;
  questions: { employee: readonly AnswerQuestion[]; customer: readonly AnswerQuestion[] };
  surveyIds: { employee: string; customer: string };
  /** Number of branches (default 111, which with 8 regions and the company makes 120 units). */
  branches?: number;
  /** Active employees wanted at the end (default 2,500 for 111 branches, pro rata otherwise). */
  employees?: number;
}

export interface DemoUnit {
  id: string;
  externalId: string;
  name: string;
  parentId: string | null;
  path: string;
  kind: 'company' | 'region' | 'branch';
}

export interface DemoEmployee {
  id: string;
  externalId: string;
  email: string;
  name: string;
  unitId: string;
  hireDate: string;
  exitDate: string | null;
  exitType: 'voluntary' | 'involuntary' | null;
  customerFacing: boolean;
}

export interface DemoAccount {
  id: string;
  externalId: string;
  name: string;
  unitId: string;
  startDate: string;
  churnDate: string | null;
  relationshipEmployeeIds: string[];
}

export interface DemoContact {
  id: string;
  email: string;
  name: string;
  accountId: string;
  subscribed: boolean;
  unsubscribedAt: string | null;
}

export interface DemoCycle {
  id: string;
  name: string;
  label: string;
  periodStart: string;
  periodEnd: string;
  opensAt: Date;
  closesAt: Date;
  previousCycleId: string | null;
  /** index into the simulated quarters (and into each branch's latent series) */
  quarter: number;
}

export interface DemoInvitation {
  id: string;
  cycleId: string;
  audience: 'employee' | 'customer';
  employeeId: string | null;
  contactId: string | null;
  accountId: string | null;
  unitId: string;
  email: string;
  recipientName: string;
  tenureBand: string | null;
  sentAt: Date;
  remindersSent: number;
  lastRemindedAt: Date | null;
  responded: boolean;
}

/** Anonymous by construction: no employee and no invitation id (DESIGN.md privacy rule 1). */
export interface DemoEmployeeResponse {
  id: string;
  cycleId: string;
  unitId: string;
  tenureBand: string;
  submittedOn: string;
  answers: Record<string, number | string>;
}

export interface DemoCustomerResponse {
  id: string;
  cycleId: string;
  unitId: string;
  accountId: string;
  contactId: string;
  invitationId: string;
  submittedAt: Date;
  answers: Record<string, number | string>;
}

export interface SimulatedQuarter {
  start: string;
  /** last day inside the simulation (asOf for the current, unfinished quarter) */
  end: string;
}

export interface DemoCompany {
  seed: number | string;
  asOf: string;
  quarters: SimulatedQuarter[];
  units: DemoUnit[];
  employees: DemoEmployee[];
  accounts: DemoAccount[];
  contacts: DemoContact[];
  cycles: DemoCycle[];
  invitations: DemoInvitation[];
  employeeResponses: DemoEmployeeResponse[];
  customerResponses: DemoCustomerResponse[];
  /** branch id → its latent series (the truth the analysis should find) */
  latents: Map<string, UnitLatents>;
}
