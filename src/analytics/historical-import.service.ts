import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { MAX_REPORTED_ERRORS, readCsv, RowError } from '../common/csv-reader';
import { BUILTIN_SURVEY_IDS } from '../surveys/builtin-surveys';
import type { Audience } from '../surveys/entities/survey.entity';
import {
  ExistingCycle,
  headerErrors,
  ImportContext,
  ImportQuestion,
  planResponseImport,
  PlannedResponse,
  RESPONSE_IMPORT_COLUMNS,
} from './response-import';
import { UnitStatsService } from './unit-stats.service';

export type ResponseImportPhase = 'read' | 'validate' | 'write' | 'materialize';
export type ResponseImportProgress = (
  phase: ResponseImportPhase,
  done: number,
  total: number,
) => void;

export interface ImportedCycle {
  id: string;
  label: string;
  periodStart: string;
  periodEnd: string;
  created: boolean;
  employeeResponses: number;
  customerResponses: number;
}

export interface ResponseImportResult {
  /** true when every row was written; false means nothing was */
  imported: boolean;
  /** data rows in the file */
  rows: number;
  /** the first errors by line (at most MAX_REPORTED_ERRORS) */
  errors: RowError[];
  errorCount: number;
  cycles: ImportedCycle[];
  employeeResponses: number;
  customerResponses: number;
}

const CHUNK = 5000;

/**
 * Past waves from another tool: creates (or, by period label, reuses) closed `imported`
 * cycles on the built-in surveys, inserts the responses set-based and materializes their unit
 * stats, all in one transaction, so a file lands whole or not at all. Employee rows carry no
 * identity: the format has no such column and the header refuses one.
 */
@Injectable()
export class HistoricalImportService {
  private readonly logger = new Logger(HistoricalImportService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly stats: UnitStatsService,
  ) {}

  async importCsv(
    content: string,
    onProgress?: ResponseImportProgress,
  ): Promise<ResponseImportResult> {
    onProgress?.('read', 0, 1);
    const table = readCsv(content, RESPONSE_IMPORT_COLUMNS);
    onProgress?.('read', 1, 1);
    const result: ResponseImportResult = {
      imported: false,
      rows: table.count,
      errors: [],
      errorCount: 0,
      cycles: [],
      employeeResponses: 0,
      customerResponses: 0,
    };
    const fail = (errors: RowError[]) => {
      const sorted = [...errors].sort((a, b) => a.line - b.line);
      result.errors = sorted.slice(0, MAX_REPORTED_ERRORS);
      result.errorCount = sorted.length;
      return result;
    };
    const early = [...table.errors, ...headerErrors(table.ignoredColumns)];
    if (early.length > 0 && table.rows.length === 0) return fail(early);

    try {
      return await this.dataSource.transaction(async (manager) => {
        onProgress?.('validate', 0, table.rows.length);
        const context = await this.loadContext(manager, table.rows);
        const plan = planResponseImport(table.rows, context);
        onProgress?.('validate', table.rows.length, table.rows.length);
        const errors = [...early, ...plan.errors];
        if (errors.length > 0) return fail(errors);

        const cycleIds = new Map<string, string>();
        for (const cycle of plan.cycles) {
          const id = cycle.existingId ?? (await this.createCycle(manager, cycle));
          cycleIds.set(cycle.label, id);
        }
        await this.insertResponses(manager, plan.responses, cycleIds, onProgress);
        for (const [i, cycle] of plan.cycles.entries()) {
          onProgress?.('materialize', i, plan.cycles.length);
          await this.stats.materialize(cycleIds.get(cycle.label)!, manager);
        }
        onProgress?.('materialize', plan.cycles.length, plan.cycles.length);

        const count = (label: string, audience: Audience) =>
          plan.responses.filter((r) => r.cycleLabel === label && r.audience === audience).length;
        result.cycles = plan.cycles.map((c) => ({
          id: cycleIds.get(c.label)!,
          label: c.label,
          periodStart: c.periodStart,
          periodEnd: c.periodEnd,
          created: c.existingId === null,
          employeeResponses: count(c.label, 'employee'),
          customerResponses: count(c.label, 'customer'),
        }));
        result.employeeResponses = plan.responses.filter((r) => r.audience === 'employee').length;
        result.customerResponses = plan.responses.length - result.employeeResponses;
        result.imported = true;
        this.logger.log(
          `Imported ${plan.responses.length} responses into ${plan.cycles.length} past cycles`,
        );
        return result;
      });
    } catch (error) {
      // Another import created the same cycle label meanwhile; nothing of this one was kept.
      if (error instanceof QueryFailedError && (error as { code?: string }).code === '23505') {
        return fail([
          {
            line: 0,
            column: 'cycle_label',
            message:
              'A cycle with one of these labels was created meanwhile. Import the file again.',
          },
        ]);
      }
      throw error;
    }
  }

  private async loadContext(
    manager: EntityManager,
    rows: readonly { values: Record<string, string | undefined> }[],
  ): Promise<ImportContext> {
    const distinct = (column: string) => [
      ...new Set(rows.map((r) => r.values[column]).filter((v): v is string => v !== undefined)),
    ];
    const units: { id: string; externalId: string }[] = await manager.query(
      `SELECT id, external_id AS "externalId" FROM units WHERE external_id = ANY($1::text[])`,
      [distinct('unit_external_id')],
    );
    const questions: (ImportQuestion & { surveyId: string })[] = await manager.query(
      `SELECT survey_id AS "surveyId", key, kind, options, max_length AS "maxLength"
         FROM questions WHERE survey_id = ANY($1::uuid[])`,
      [[BUILTIN_SURVEY_IDS.employeePulse, BUILTIN_SURVEY_IDS.customerRelationship]],
    );
    const cycles: ExistingCycle[] = await manager.query(
      `SELECT c.id, c.period_label AS label, c.period_start::text AS "periodStart",
              c.period_end::text AS "periodEnd", c.imported,
              (SELECT count(*) FROM employee_responses r WHERE r.cycle_id = c.id)::int AS "employeeResponses",
              (SELECT count(*) FROM customer_responses r WHERE r.cycle_id = c.id)::int AS "customerResponses"
         FROM cycles c WHERE c.period_label = ANY($1::text[])
          FOR UPDATE OF c`,
      [distinct('cycle_label')],
    );
    const bySurvey = (surveyId: string) =>
      new Map(questions.filter((q) => q.surveyId === surveyId).map((q) => [q.key, q]));
    return {
      units: new Map(units.map((u) => [u.externalId, u.id])),
      questions: {
        employee: bySurvey(BUILTIN_SURVEY_IDS.employeePulse),
        customer: bySurvey(BUILTIN_SURVEY_IDS.customerRelationship),
      },
      cycles: new Map(cycles.map((c) => [c.label, c])),
    };
  }

  private async createCycle(
    manager: EntityManager,
    cycle: { label: string; periodStart: string; periodEnd: string },
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO cycles (name, period_label, period_start, period_end, employee_survey_id,
                           customer_survey_id, opens_at, closes_at, status, imported, closed_at)
       VALUES ($1, $2, $3::date, $4::date, $5, $6, $3::date, $4::date + 1, 'closed', true, now())
       RETURNING id`,
      [
        `${cycle.label} (imported)`,
        cycle.label,
        cycle.periodStart,
        cycle.periodEnd,
        BUILTIN_SURVEY_IDS.employeePulse,
        BUILTIN_SURVEY_IDS.customerRelationship,
      ],
    );
    return row.id;
  }

  /** Responses go in with unnest(), a few thousand per statement. */
  private async insertResponses(
    manager: EntityManager,
    responses: readonly PlannedResponse[],
    cycleIds: ReadonlyMap<string, string>,
    onProgress?: ResponseImportProgress,
  ): Promise<void> {
    for (let from = 0; from < responses.length; from += CHUNK) {
      onProgress?.('write', from, responses.length);
      const chunk = responses.slice(from, from + CHUNK);
      for (const audience of ['employee', 'customer'] as const) {
        const rows = chunk.filter((r) => r.audience === audience);
        if (rows.length === 0) continue;
        const params = [
          rows.map((r) => cycleIds.get(r.cycleLabel)!),
          rows.map((r) => r.unitId),
          rows.map((r) => JSON.stringify(r.answers)),
        ];
        // An imported response is dated at its period's end: no day of submission is known.
        await manager.query(
          audience === 'employee'
            ? `INSERT INTO employee_responses (cycle_id, unit_id, submitted_on, answers)
               SELECT x.cycle_id, x.unit_id, c.period_end, x.answers
                 FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[]) AS x(cycle_id, unit_id, answers)
                 JOIN cycles c ON c.id = x.cycle_id`
            : `INSERT INTO customer_responses (cycle_id, unit_id, submitted_at, answers)
               SELECT x.cycle_id, x.unit_id, c.period_end::timestamptz, x.answers
                 FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[]) AS x(cycle_id, unit_id, answers)
                 JOIN cycles c ON c.id = x.cycle_id`,
          params,
        );
      }
    }
    onProgress?.('write', responses.length, responses.length);
  }
}
