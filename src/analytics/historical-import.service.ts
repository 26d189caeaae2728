import { AuditService } from '../audit/audit.service';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import {
  MAX_REPORTED_ERRORS,
  normalizeHeader,
  readCsv,
  readCsvHeader,
  RowError,
} from '../common/csv-reader';
import { CyclesService } from '../cycles/cycles.service';
import { UnitsService } from '../directory/units.service';
import { ResponseImportsService } from '../respond/response-imports.service';
import { BUILTIN_SURVEY_IDS } from '../surveys/builtin-surveys';
import { AUDIENCES, type Audience } from '../surveys/entities/survey.entity';
import { SurveyCatalog, type SurveyChoice } from '../surveys/survey-catalog.service';
import { AnalyticsError, AnalyticsErrorCode } from './analytics.errors';
import {
  audienceOf,
  headerErrors,
  ImportContext,
  ImportFormat,
  ImportRecord,
  JsonResponseInput,
  planResponseImport,
  PlannedResponse,
  recordsFromJson,
  recordsFromLongRows,
  recordsFromWideRows,
  RESPONSE_FIELD_COLUMNS,
  RESPONSE_IMPORT_COLUMNS,
  WIDE_REQUIRED_COLUMNS,
  wideHeaderErrors,
} from './response-import';
import {
  AudienceMapping,
  MappingRequest,
  resolveMapping,
  sourcesOf,
  SurveyForMapping,
} from './response-mapping';
import { UnitStatsService } from './unit-stats.service';

export type ResponseImportPhase = 'read' | 'validate' | 'write' | 'materialize';
export type ResponseImportProgress = (
  phase: ResponseImportPhase,
  done: number,
  total: number,
) => void;

/** Which surveys the waves go onto and how the input's sources map onto their items. */
export interface ResponseImportOptions {
  /** per audience; the built-in survey when left out */
  surveyIds?: Partial<Record<Audience, string>>;
  /** per audience: source → item key, null to ignore the source */
  mapping?: Partial<Record<Audience, MappingRequest>>;
  /** per audience: required items the past waves did not ask */
  notAsked?: Partial<Record<Audience, readonly string[]>>;
  /** check and preview only; write nothing */
  dryRun?: boolean;
}

export interface ImportedCycle {
  id: string | null;
  label: string;
  periodStart: string;
  periodEnd: string;
  created: boolean;
  employeeResponses: number;
  customerResponses: number;
}

export type ResponseImportMapping = Omit<AudienceMapping, 'bySource' | 'errors'> & {
  /** whether the input holds responses of this audience */
  inFile: boolean;
};

export interface ResponseImportResult {
  /** true when every response was written; false means nothing was */
  imported: boolean;
  dryRun: boolean;
  format: ImportFormat;
  /** data rows (CSV) or responses (JSON) in the input */
  rows: number;
  /** the first errors by line (at most MAX_REPORTED_ERRORS); line 0 is the input as a whole */
  errors: RowError[];
  errorCount: number;
  /** per audience: the survey, its items (key, dimension, source, samples) and the sources */
  mapping: Record<Audience, ResponseImportMapping>;
  /** the cycles written (or, on a dry run, that would be); id null for one not created yet */
  cycles: ImportedCycle[];
  employeeResponses: number;
  customerResponses: number;
}

interface ReadInput {
  format: ImportFormat;
  rows: number;
  records: ImportRecord[];
  errors: RowError[];
}

const DEFAULT_SURVEYS: Record<Audience, string> = {
  employee: BUILTIN_SURVEY_IDS.employeePulse,
  customer: BUILTIN_SURVEY_IDS.customerRelationship,
};

/**
 * Past waves from another tool, onto the built-in surveys or the company's own: the input's
 * question keys, columns or answer keys are mapped onto the chosen surveys' items, then closed
 * `imported` cycles are created (or, by period label, reused), the responses inserted set-based
 * and their unit stats materialized, all in one transaction, so an input lands whole or not at
 * all. Employee rows carry no identity: no format has such a column and the header refuses one.
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
    private readonly audit: AuditService,
  ) {}

  /** A CSV in the long format (one row per answer) or the wide one (one row per response). */
  async importCsv(
    content: string,
    options: ResponseImportOptions = {},
    onProgress?: ResponseImportProgress,
  ): Promise<ResponseImportResult> {
    onProgress?.('read', 0, 1);
    const input = readResponsesCsv(content);
    onProgress?.('read', 1, 1);
    const mapping =
      input.format === 'wide' ? normalizeMappingKeys(options.mapping) : options.mapping;
    return this.run(input, { ...options, mapping }, onProgress);
  }

  /** Responses as JSON objects, each with its answers by key. */
  importJson(
    responses: readonly JsonResponseInput[],
    options: ResponseImportOptions = {},
  ): Promise<ResponseImportResult> {
    const records = recordsFromJson(responses);
    const errors: RowError[] =
      records.length === 0 ? [{ line: 0, column: '', message: 'There are no responses.' }] : [];
    return this.run({ format: 'json', rows: records.length, records, errors }, options);
  }

  /** Surveys to import onto, built-in ones first. */
  surveyChoices(): Promise<SurveyChoice[]> {
    return this.surveys.choices();
  }

  /** Both audiences' surveys (the built-in ones where none is chosen), checked to exist. */
  async checkSurveys(chosen: Partial<Record<Audience, string>>): Promise<Record<Audience, string>> {
    const surveys = await this.surveysFor(chosen);
    return { employee: surveys[0].id, customer: surveys[1].id };
  }

  /** The chosen surveys' items (key, wording, kind, dimension), as the import page lists them. */
  async surveysFor(
    chosen: Partial<Record<Audience, string>>,
  ): Promise<(SurveyForMapping & { audience: Audience })[]> {
    return Promise.all(
      AUDIENCES.map(async (audience) => ({
        ...(await this.loadSurvey(
          chosen[audience] ?? DEFAULT_SURVEYS[audience],
          audience,
          this.dataSource.manager,
        )),
        audience,
      })),
    );
  }

  private async run(
    input: ReadInput,
    options: ResponseImportOptions,
    onProgress?: ResponseImportProgress,
  ): Promise<ResponseImportResult> {
    const dryRun = options.dryRun ?? false;
    const surveyIds = {
      employee: options.surveyIds?.employee ?? DEFAULT_SURVEYS.employee,
      customer: options.surveyIds?.customer ?? DEFAULT_SURVEYS.customer,
    };
    const result: ResponseImportResult = {
      imported: false,
      dryRun,
      format: input.format,
      rows: input.rows,
      errors: [],
      errorCount: 0,
      mapping: {} as Record<Audience, ResponseImportMapping>,
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

    try {
      return await this.dataSource.transaction(async (manager) => {
        const mappings = await Promise.all(
          AUDIENCES.map(async (audience) => {
            const survey = await this.loadSurvey(surveyIds[audience], audience, manager);
            const inFile = input.records.some((r) => audienceOf(r) === audience);
            const mapping = resolveMapping({
              audience,
              survey,
              sources: sourcesOf(input.records, audience, input.format),
              request: options.mapping?.[audience],
              notAsked: options.notAsked?.[audience],
              // A chosen survey's required items must each be covered; without a choice the
              // input reads as it always has: built-in keys, an item it does not name unasked.
              strict: inFile && options.surveyIds?.[audience] !== undefined,
            });
            result.mapping[audience] = {
              audience,
              survey: mapping.survey,
              items: mapping.items,
              sources: mapping.sources,
              inFile,
            };
            return mapping;
          }),
        );
        const early = [...input.errors, ...mappings.flatMap((m) => m.errors)];
        if (early.length > 0 && input.records.length === 0) return fail(early);

        onProgress?.('validate', 0, input.records.length);
        const context = await this.loadContext(manager, input, surveyIds, mappings);
        const plan = planResponseImport(input.records, context);
        onProgress?.('validate', input.records.length, input.records.length);
        const errors = [...early, ...plan.errors];
        if (errors.length > 0) return fail(errors);

        const count = (label: string, audience: Audience) =>
          plan.responses.filter((r) => r.cycleLabel === label && r.audience === audience).length;
        const summarize = (ids: ReadonlyMap<string, string>) => {
          result.cycles = plan.cycles.map((c) => ({
            id: ids.get(c.label) ?? c.existingId,
            label: c.label,
            periodStart: c.periodStart,
            periodEnd: c.periodEnd,
            created: c.existingId === null,
            employeeResponses: count(c.label, 'employee'),
            customerResponses: count(c.label, 'customer'),
          }));
          result.employeeResponses = plan.responses.filter((r) => r.audience === 'employee').length;
          result.customerResponses = plan.responses.length - result.employeeResponses;
        };
        if (dryRun) {
          summarize(new Map());
          return result;
        }

        const cycles = new Map<string, { id: string; periodEnd: string }>();
        for (const cycle of plan.cycles) {
          const existing = cycle.existingId ? context.cycles.get(cycle.label) : undefined;
          cycles.set(
            cycle.label,
            existing ?? (await this.cycles.createImported(manager, { ...cycle, surveyIds })),
          );
        }
        const used = AUDIENCES.filter((a) => plan.responses.some((r) => r.audience === a));
        await this.surveys.lock(
          manager,
          used.map((a) => surveyIds[a]),
        );
        const cycleIds = new Map([...cycles].map(([label, c]) => [label, c.id]));
        await this.insertResponses(manager, plan.responses, cycles, onProgress);
        for (const [i, cycle] of plan.cycles.entries()) {
          onProgress?.('materialize', i, plan.cycles.length);
          await this.stats.materialize(cycleIds.get(cycle.label)!, manager);
        }
        onProgress?.('materialize', plan.cycles.length, plan.cycles.length);
        summarize(cycleIds);
        result.imported = true;
        await this.audit.record(
          'responses.import',
          { type: 'response_import', label: input.format },
          {
            manager,
            details: {
              format: input.format,
              rows: input.rows,
              employeeResponses: result.employeeResponses,
              customerResponses: result.customerResponses,
              surveyIds,
              cycles: result.cycles.map((c) => ({ id: c.id, label: c.label, created: c.created })),
            },
          },
        );
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

  private async loadSurvey(
    id: string,
    audience: Audience,
    manager: EntityManager,
  ): Promise<SurveyForMapping> {
    const field = `${audience}SurveyId`;
    const definition = /^[0-9a-f-]{36}$/i.test(id) ? await this.surveys.definition(id) : null;
    if (definition === null)
      throw new AnalyticsError(AnalyticsErrorCode.IMPORT_SURVEY_NOT_FOUND, { field });
    if (definition.audience !== audience)
      throw new AnalyticsError(
        AnalyticsErrorCode.IMPORT_SURVEY_AUDIENCE,
        { field },
        `"${definition.name}" is a survey for ${definition.audience}s; choose a survey for ${audience}s.`,
      );
    const dimensions = new Map(
      (await this.surveys.questionsOf([id], manager)).map((q) => [q.key, q.dimension]),
    );
    return {
      id,
      name: definition.name,
      items: definition.questions.map((q) => ({
        key: q.key,
        text: q.text,
        kind: q.kind,
        dimension: dimensions.get(q.key) ?? null,
        required: q.required,
        options: q.options,
        maxLength: q.maxLength,
      })),
    };
  }

  private async loadContext(
    manager: EntityManager,
    input: ReadInput,
    surveyIds: Record<Audience, string>,
    mappings: readonly AudienceMapping[],
  ): Promise<ImportContext> {
    const distinct = (field: 'unit_external_id' | 'cycle_label') => [
      ...new Set(
        input.records.map((r) => r.values[field]).filter((v): v is string => v !== undefined),
      ),
    ];
    const [units, cycles] = await Promise.all([
      this.units.idsByExternalId(distinct('unit_external_id'), manager),
      this.cycles.findByLabelsForUpdate(manager, distinct('cycle_label')),
    ]);
    const counts = await this.responses.countByCycle(
      manager,
      cycles.map((c) => c.id),
    );
    const of = (audience: Audience) => mappings.find((m) => m.audience === audience)!;
    return {
      format: input.format,
      units,
      questions: { employee: of('employee').bySource, customer: of('customer').bySource },
      surveyIds,
      surveyNames: { employee: of('employee').survey.name, customer: of('customer').survey.name },
      cycles: new Map(
        cycles.map((c) => {
          const n = counts.get(c.id) ?? { employee: 0, customer: 0 };
          const existing = {
            id: c.id,
            label: c.label,
            periodStart: c.periodStart,
            periodEnd: c.periodEnd,
            imported: c.imported,
            employeeResponses: n.employee,
            customerResponses: n.customer,
            employeeSurveyId: c.employeeSurveyId,
            customerSurveyId: c.customerSurveyId,
          };
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

/** The CSV's shape from its header: a question_key column means the long format. */
function readResponsesCsv(content: string): ReadInput {
  const header = readCsvHeader(content);
  if (header.includes('question_key') || header.length === 0) {
    const table = readCsv(content, RESPONSE_IMPORT_COLUMNS);
    return {
      format: 'long',
      rows: table.count,
      records: recordsFromLongRows(table.rows),
      errors: [...table.errors, ...headerErrors(table.ignoredColumns)],
    };
  }
  const fields: readonly string[] = RESPONSE_FIELD_COLUMNS;
  const itemColumns = [...new Set(header.filter((h) => h !== '' && !fields.includes(h)))];
  const table = readCsv(content, [...fields, ...itemColumns], WIDE_REQUIRED_COLUMNS);
  const identity = wideHeaderErrors(itemColumns);
  const blocked = new Set(identity.map((e) => e.column));
  return {
    format: 'wide',
    rows: table.count,
    records: recordsFromWideRows(
      table.rows,
      itemColumns.filter((c) => !blocked.has(c)),
    ),
    errors: [...table.errors, ...identity],
  };
}

/** A wide file's columns are read with normalized names; a mapping written against the header as typed must match. */
function normalizeMappingKeys(
  mapping: ResponseImportOptions['mapping'],
): ResponseImportOptions['mapping'] {
  if (mapping === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(mapping).map(([audience, request]) => [
      audience,
      Object.fromEntries(
        Object.entries(request ?? {}).map(([source, item]) => [normalizeHeader(source), item]),
      ),
    ]),
  );
}
