import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { MAX_REPORTED_ERRORS, readCsv, RowError } from '../common/csv-reader';
import { CyclesService } from '../cycles/cycles.service';
import { UnitsService } from '../directory/units.service';
import { ResponseImportsService } from '../respond/response-imports.service';
import { BUILTIN_SURVEY_IDS } from '../surveys/builtin-surveys';
import type { Audience } from '../surveys/entities/survey.entity';
import { SurveyCatalog } from '../surveys/survey-catalog.service';
import {
  headerErrors,
  ImportContext,
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
    private readonly cycles: CyclesService,
    private readonly units: UnitsService,
    private readonly surveys: SurveyCatalog,
    private readonly responses: ResponseImportsService,
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

        const cycles = new Map<string, { id: string; periodEnd: string }>();
        for (const cycle of plan.cycles) {
          const existing = cycle.existingId ? context.cycles.get(cycle.label) : undefined;
          cycles.set(
            cycle.label,
            existing ??
              (await this.cycles.createImported(manager, {
                ...cycle,
                surveyIds: {
                  employee: BUILTIN_SURVEY_IDS.employeePulse,
                  customer: BUILTIN_SURVEY_IDS.customerRelationship,
                },
              })),
          );
        }
        const cycleIds = new Map([...cycles].map(([label, c]) => [label, c.id]));
        await this.insertResponses(manager, plan.responses, cycles, onProgress);
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
    const [units, questions, cycles] = await Promise.all([
      this.units.idsByExternalId(distinct('unit_external_id'), manager),
      this.surveys.builtinQuestions(manager),
      this.cycles.findByLabelsForUpdate(manager, distinct('cycle_label')),
    ]);
    const counts = await this.responses.countByCycle(
      manager,
      cycles.map((c) => c.id),
    );
    return {
      units,
      questions,
      cycles: new Map(
        cycles.map((c) => {
          const n = counts.get(c.id) ?? { employee: 0, customer: 0 };
          const existing = { ...c, employeeResponses: n.employee, customerResponses: n.customer };
          return [c.label, existing];
        }),
      ),
    };
  }

  /** An imported response is dated at its period's end: no day of submission is known. */
  private async insertResponses(
    manager: EntityManager,
    responses: readonly PlannedResponse[],
    cycles: ReadonlyMap<string, { id: string; periodEnd: string }>,
    onProgress?: ResponseImportProgress,
  ): Promise<void> {
    await this.responses.importResponses(
      manager,
      responses.map((r) => {
        const cycle = cycles.get(r.cycleLabel)!;
        return {
          audience: r.audience,
          cycleId: cycle.id,
          unitId: r.unitId,
          submittedOn: cycle.periodEnd,
          answers: r.answers,
        };
      }),
      (done) => onProgress?.('write', done, responses.length),
    );
  }
}
