import type { EntityManager } from 'typeorm';
import type { CycleBulkService } from '../cycles/cycle-bulk.service';
import type { InvitationBulkService } from '../delivery/invitation-bulk.service';
import type { DirectoryBulkService } from '../directory/directory-bulk.service';
import type { ResponseBulkService } from '../respond/response-bulk.service';
import { coarsenAttributes, poolSmallUnits } from '../respond/response-attributes';
import type { SurveyCatalog } from '../surveys/survey-catalog.service';
import type { DemoCompany } from './demo-company.types';
import { DEMO_REMINDER_DAYS } from './demo-waves';

/**
 * Writes a generated company set-based through each table's owner, in the caller's
 * transaction.
 */
export interface DemoOwners {
  directory: DirectoryBulkService;
  cycles: CycleBulkService;
  surveys: SurveyCatalog;
  invitations: InvitationBulkService;
  responses: ResponseBulkService;
}

export async function writeDirectory(
  m: EntityManager,
  owners: DemoOwners,
  company: DemoCompany,
): Promise<void> {
  await owners.directory.insertUnits(m, company.units);
  await owners.directory.insertEmployees(m, company.employees);
  await owners.directory.insertCustomers(m, company.accounts, company.contacts);
}

/** The cycles as launched, sent, reminded twice and closed; the whole company was targeted. */
export async function writeCycles(
  m: EntityManager,
  owners: DemoOwners,
  company: DemoCompany,
  surveyIds: { employee: string; customer: string },
): Promise<void> {
  const root = company.units.find((u) => u.kind === 'company')!;
  await owners.cycles.insertClosed(m, company.cycles, {
    surveyIds,
    reminderDays: DEMO_REMINDER_DAYS,
    targetUnitId: root.id,
    launchedDaysBefore: 7,
  });
  await owners.surveys.lock(m, [surveyIds.employee, surveyIds.customer]);
}

/**
 * One cycle's invitations and responses. Employee responses are pooled and coarsened as a
 * closing cycle would store them (poolSmallUnits, coarsenAttributes), so the demo shows what a
 * real database holds.
 */
export async function writeWave(
  m: EntityManager,
  owners: DemoOwners,
  cycleId: string,
  company: DemoCompany,
  anonymityMin: number,
): Promise<void> {
  const mine = <T extends { cycleId: string }>(rows: readonly T[]) =>
    rows.filter((r) => r.cycleId === cycleId);
  await owners.invitations.insertSent(m, mine(company.invitations));
  const closedOn = company.cycles
    .find((c) => c.id === cycleId)!
    .closesAt.toISOString()
    .slice(0, 10);
  await owners.responses.insertEmployee(
    m,
    coarsenAttributes(
      poolSmallUnits(
        mine(company.employeeResponses),
        new Map(company.units.map((u) => [u.id, u.parentId])),
        anonymityMin,
      ),
      anonymityMin,
      closedOn,
    ),
  );
  await owners.responses.insertCustomer(m, mine(company.customerResponses));
}
