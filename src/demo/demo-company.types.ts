import type { ClosedCycleRow } from '../cycles/cycle-bulk.service';
import type { SentInvitationRow } from '../delivery/invitation-bulk.service';
import type {
  AccountRow,
  ContactRow,
  EmployeeRow,
  UnitRow,
} from '../directory/directory-bulk.service';
import type { CustomerResponseRow, EmployeeResponseRow } from '../respond/response-bulk.service';
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

/** The demo's rows are the owners' bulk-write rows, with what the simulation adds. */
export interface DemoUnit extends UnitRow {
  kind: 'company' | 'region' | 'branch';
}

export interface DemoEmployee extends EmployeeRow {
  exitType: 'voluntary' | 'involuntary' | null;
}

export interface DemoAccount extends AccountRow {
  relationshipEmployeeIds: string[];
}

export type DemoContact = ContactRow;

export interface DemoCycle extends ClosedCycleRow {
  /** index into the simulated quarters (and into each branch's latent series) */
  quarter: number;
}

export type DemoInvitation = SentInvitationRow;

/**
 * Anonymous by construction: no employee and no invitation id (README, "Anonymity: what is
 * promised, and its limits").
 */
export interface DemoEmployeeResponse extends EmployeeResponseRow {
  tenureBand: string;
}

export type DemoCustomerResponse = CustomerResponseRow;

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
