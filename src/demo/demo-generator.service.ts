import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { UnitStatsService } from '../analytics/unit-stats.service';
import { AppConfig } from '../config/app.config';
import { CycleBulkService } from '../cycles/cycle-bulk.service';
import { InvitationBulkService } from '../delivery/invitation-bulk.service';
import { DirectoryBulkService } from '../directory/directory-bulk.service';
import { ResponseBulkService } from '../respond/response-bulk.service';
import { SettingsService } from '../settings/settings.service';
import { SurveyCatalog } from '../surveys/survey-catalog.service';
import { SurveysService } from '../surveys/surveys.service';
import { BUILTIN_SURVEY_IDS } from '../surveys/builtin-surveys';
import { DEFAULT_DEMO_SEED, DEMO_CYCLES, DEMO_PREFIX, generateDemoCompany } from './demo-company';
import type { DemoCompany } from './demo-company.types';
import { DemoError, DemoErrorCode } from './demo.errors';
import { DEMO_COMPANY } from './demo-names';
import { DemoOwners, writeCycles, writeDirectory, writeWave } from './demo-writer';
import type { AnswerQuestion } from './planted-model';

export type DemoProgress = (step: string, done: number, total: number) => void;

export interface DemoRequest {
  seed?: number | string;
  /** The demo's today (default: today, UTC). */
  asOf?: string;
  /** Replace a previous demo company (refused if anything else is in the directory). */
  reset?: boolean;
  /** Smaller companies, for tests. */
  branches?: number;
  employees?: number;
}

export interface DemoSummary {
  seed: string;
  asOf: string;
  units: number;
  employees: number;
  activeEmployees: number;
  /** accounts on the books at `asOf` */
  accounts: number;
  lostAccounts: number;
  /** contacts at those accounts */
  contacts: number;
  cycles: number;
  invitations: number;
  employeeResponses: number;
  customerResponses: number;
  milliseconds: number;
}

const LOCK = 'tandem:demo';
/** Progress steps of a load: plan, three writes, then a write and a materialization per cycle. */
export const DEMO_STEPS = 4 + 2 * DEMO_CYCLES;

/**
 * Loads the demo company: generates it in memory from the seed (planted-model.ts), writes it in
 * one transaction with a few set-based INSERTs per table, and materializes each cycle's unit
 * statistics through the analytics module, as closing a cycle would. Only into an empty Tandem,
 * or over a previous demo with `reset`.
 */
@Injectable()
export class DemoGeneratorService {
  private readonly logger = new Logger(DemoGeneratorService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly stats: UnitStatsService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly surveys: SurveysService,
    private readonly settings: SettingsService,
    directory: DirectoryBulkService,
    cycles: CycleBulkService,
    catalog: SurveyCatalog,
    invitations: InvitationBulkService,
    responses: ResponseBulkService,
  ) {
    this.owners = { directory, cycles, surveys: catalog, invitations, responses };
  }

  /** The owners of the tables the demo company fills. */
  private readonly owners: DemoOwners;

  /** True when there are no units, employees, customer accounts or cycles. */
  async isEmpty(manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return (
      !(await this.owners.directory.hasAny(manager)) && !(await this.owners.cycles.hasAny(manager))
    );
  }

  async generate(request: DemoRequest = {}, onProgress?: DemoProgress): Promise<DemoSummary> {
    const started = Date.now();
    const seed = request.seed ?? DEFAULT_DEMO_SEED;
    const asOf = request.asOf ?? new Date().toISOString().slice(0, 10);
    const summary = await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [LOCK]);
      if (request.reset) await this.reset(m);
      else if (!(await this.isEmpty(m))) throw new DemoError(DemoErrorCode.NOT_EMPTY);
      const questions = await this.builtinQuestions();

      const total = DEMO_STEPS;
      let done = 0;
      const step = (label: string) => onProgress?.(label, done++, total);
      step('Planning the company');
      const company = generateDemoCompany({
        seed,
        asOf,
        questions,
        surveyIds: {
          employee: BUILTIN_SURVEY_IDS.employeePulse,
          customer: BUILTIN_SURVEY_IDS.customerRelationship,
        },
        branches: request.branches,
        employees: request.employees,
      });
      step('Writing units and employees');
      step('Writing customer accounts and contacts');
      await writeDirectory(m, this.owners, company);
      step('Writing cycles');
      await writeCycles(m, this.owners, company, {
        employee: BUILTIN_SURVEY_IDS.employeePulse,
        customer: BUILTIN_SURVEY_IDS.customerRelationship,
      });
      for (const cycle of company.cycles) {
        step(`Writing ${cycle.label} invitations and answers`);
        await writeWave(
          m,
          this.owners,
          cycle.id,
          company,
          this.config.get('privacy', { infer: true }).anonymityMin,
        );
      }
      for (const cycle of company.cycles) {
        step(`Computing ${cycle.label} unit statistics`);
        await this.stats.materialize(cycle.id, m);
      }
      onProgress?.('Done', total, total);
      return summarize(company, asOf);
    });
    // Its emails and pages then name the bank (unless an admin named the company already).
    await this.settings.nameDemoCompany(DEMO_COMPANY);
    const result = { ...summary, milliseconds: Date.now() - started };
    this.logger.log(
      `Demo company (seed ${result.seed}) loaded in ${result.milliseconds} ms: ${result.units} units, ${result.employees} employees, ${result.employeeResponses + result.customerResponses} responses`,
    );
    return result;
  }

  /** Deletes the demo company and everything done with it; refused if anything else is here. */
  async remove(): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [LOCK]);
      await this.reset(m);
    });
  }

  /** Deletes a previous demo company (and anything launched on it) so a new one can be loaded. */
  private async reset(m: EntityManager): Promise<void> {
    if ((await this.owners.directory.countUnitsOutside(m, DEMO_PREFIX)) > 0)
      throw new DemoError(DemoErrorCode.NOT_DEMO_DATA);
    await this.stats.deleteAll(m);
    await this.owners.responses.deleteAll(m);
    await this.owners.cycles.deleteAll(m);
    await this.owners.directory.deleteAll(m);
  }

  private async builtinQuestions(): Promise<{
    employee: AnswerQuestion[];
    customer: AnswerQuestion[];
  }> {
    const shape = async (id: string): Promise<AnswerQuestion[]> =>
      (await this.surveys.get(id)).questions.map(({ key, kind, dimension, options }) => ({
        key,
        kind,
        dimension,
        options,
      }));
    const questions = {
      employee: await shape(BUILTIN_SURVEY_IDS.employeePulse),
      customer: await shape(BUILTIN_SURVEY_IDS.customerRelationship),
    };
    if (questions.employee.length === 0 || questions.customer.length === 0)
      throw new DemoError(DemoErrorCode.BUILTIN_SURVEYS_MISSING);
    return questions;
  }
}

function summarize(company: DemoCompany, asOf: string): Omit<DemoSummary, 'milliseconds'> {
  const onBooks = new Set(
    company.accounts
      .filter((a) => a.startDate <= asOf && (a.churnDate === null || a.churnDate > asOf))
      .map((a) => a.id),
  );
  return {
    seed: String(company.seed),
    asOf,
    units: company.units.length,
    employees: company.employees.length,
    activeEmployees: company.employees.filter((e) => e.exitDate === null || e.exitDate > asOf)
      .length,
    accounts: onBooks.size,
    lostAccounts: company.accounts.filter((a) => a.churnDate !== null).length,
    contacts: company.contacts.filter((c) => onBooks.has(c.accountId)).length,
    cycles: company.cycles.length,
    invitations: company.invitations.length,
    employeeResponses: company.employeeResponses.length,
    customerResponses: company.customerResponses.length,
  };
}
