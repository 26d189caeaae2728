import type { CsvRow, RowError } from '../common/csv-reader';
import type { QuestionKind } from '../surveys/entities/question.entity';
import type { Audience } from '../surveys/entities/survey.entity';
import { dayNumber } from './stats/calendar';

/**
 * Validation of past waves (from another tool), as pure functions over the parsed input and
 * what the database holds. Three shapes arrive at the same records:
 * - long CSV, one row per answer: `question_key` names the answer, rows sharing
 *   (cycle_label, respondent_type, response_id) form one response (the original format);
 * - wide CSV, one row per response: every column beyond the fixed ones is an answer;
 * - JSON, one object per response with an `answers` object.
 * The file's question keys, columns or answer keys are its *sources*; response-mapping.ts maps
 * them onto the chosen survey's items before the answers are checked here.
 */

/** Columns every row carries, whatever the shape. */
export const RESPONSE_FIELD_COLUMNS = [
  'cycle_label',
  'period_start',
  'period_end',
  'respondent_type',
  'unit_external_id',
  'response_id',
] as const;
export type ResponseField = (typeof RESPONSE_FIELD_COLUMNS)[number];

/** The long format's columns (unchanged since the first version of the import). */
export const RESPONSE_IMPORT_COLUMNS = [
  ...RESPONSE_FIELD_COLUMNS,
  'question_key',
  'value',
] as const;

/** The wide format needs these; `response_id` is optional (each row is one response). */
export const WIDE_REQUIRED_COLUMNS = RESPONSE_FIELD_COLUMNS.filter((c) => c !== 'response_id');

export type ImportFormat = 'long' | 'wide' | 'json';

/** Header names that would tie an employee response to a person (privacy rule 1). */
const IDENTITY_COLUMNS = new Set([
  'email',
  'name',
  'first_name',
  'last_name',
  'full_name',
  'employee',
  'employee_id',
  'employee_external_id',
  'employee_email',
  'employee_name',
  'respondent',
  'respondent_id',
  'respondent_email',
  'respondent_name',
  'person_id',
  'user_id',
  'user_email',
  'invitation_id',
  'token',
  'ip',
  'ip_address',
  'submitted_at',
]);

export const isIdentityColumn = (name: string) => IDENTITY_COLUMNS.has(name);

export interface ImportQuestion {
  key: string;
  kind: QuestionKind;
  options: string[];
  maxLength: number;
}

export interface ExistingCycle {
  id: string;
  label: string;
  periodStart: string;
  periodEnd: string;
  imported: boolean;
  employeeResponses: number;
  customerResponses: number;
  employeeSurveyId: string | null;
  customerSurveyId: string | null;
}

/** One answer in the input, before mapping: its source name and raw text. */
export interface ImportCell {
  source: string;
  /** undefined: blank (a skipped question) */
  raw: string | undefined;
  /** where a problem with the value is reported */
  valueColumn: string;
}

/** One response's worth of input (a long-format row holds one cell of it). */
export interface ImportRecord {
  line: number;
  values: Partial<Record<ResponseField, string>>;
  cells: ImportCell[];
}

export interface ImportContext {
  format: ImportFormat;
  /** unit external id → unit id */
  units: ReadonlyMap<string, string>;
  /** per audience: source name → the survey item it maps to (ignored and unknown sources absent) */
  questions: Record<Audience, ReadonlyMap<string, ImportQuestion>>;
  /** the survey each audience's responses go onto */
  surveyIds: Record<Audience, string>;
  surveyNames: Record<Audience, string>;
  /** existing cycles by period label */
  cycles: ReadonlyMap<string, ExistingCycle>;
}

export interface PlannedCycle {
  label: string;
  periodStart: string;
  periodEnd: string;
  existingId: string | null;
}

export interface PlannedResponse {
  cycleLabel: string;
  audience: Audience;
  unitId: string;
  answers: Record<string, number | string>;
}

export interface ResponseImportPlan {
  cycles: PlannedCycle[];
  responses: PlannedResponse[];
  errors: RowError[];
}

/** Long format: header columns outside it are errors; identity columns get the privacy reason. */
export function headerErrors(extraColumns: readonly string[]): RowError[] {
  return extraColumns.map((column) => ({
    line: 1,
    column,
    message: isIdentityColumn(column)
      ? 'Responses are imported without identity: remove this column (employee answers are anonymous).'
      : `Unknown column. The columns are: ${RESPONSE_IMPORT_COLUMNS.join(', ')}; or one row per response with a column per item.`,
  }));
}

/** Wide format: only identity columns are refused here; the rest are item columns to map. */
export function wideHeaderErrors(itemColumns: readonly string[]): RowError[] {
  return headerErrors(itemColumns.filter(isIdentityColumn));
}

/** Long-format rows as records of one cell each. */
export function recordsFromLongRows(rows: readonly CsvRow[]): ImportRecord[] {
  return rows.map(({ line, values }) => ({
    line,
    values: fieldsOf(values),
    cells:
      values.question_key === undefined
        ? []
        : [{ source: values.question_key, raw: values.value, valueColumn: 'value' }],
  }));
}

/** Wide-format rows: one record per row, a cell per item column with a value. */
export function recordsFromWideRows(
  rows: readonly CsvRow[],
  itemColumns: readonly string[],
): ImportRecord[] {
  return rows.map(({ line, values }) => ({
    line,
    values: fieldsOf(values),
    cells: itemColumns
      .filter((column) => values[column] !== undefined)
      .map((column) => ({ source: column, raw: values[column], valueColumn: column })),
  }));
}

export interface JsonResponseInput {
  cycleLabel?: string;
  periodStart?: string;
  periodEnd?: string;
  respondentType?: string;
  unitExternalId?: string;
  responseId?: string;
  answers?: Record<string, unknown>;
}

/** JSON responses: "line" is the response's position in the list (1 = the first). */
export function recordsFromJson(responses: readonly JsonResponseInput[]): ImportRecord[] {
  const text = (value: unknown) => {
    if (value === undefined || value === null) return undefined;
    const s = String(value).trim();
    return s === '' ? undefined : s;
  };
  return responses.map((r, i) => ({
    line: i + 1,
    values: {
      cycle_label: text(r.cycleLabel),
      period_start: text(r.periodStart),
      period_end: text(r.periodEnd),
      respondent_type: text(r.respondentType),
      unit_external_id: text(r.unitExternalId),
      response_id: text(r.responseId),
    },
    cells: Object.entries(r.answers ?? {}).flatMap(([source, value]) => {
      const raw = text(value);
      return raw === undefined ? [] : [{ source, raw, valueColumn: source }];
    }),
  }));
}

function fieldsOf(values: Record<string, string | undefined>): ImportRecord['values'] {
  return Object.fromEntries(RESPONSE_FIELD_COLUMNS.map((c) => [c, values[c]]));
}

/** A record's audience when its respondent_type is one ('employee' | 'customer'). */
export function audienceOf(record: ImportRecord): Audience | null {
  const type = record.values.respondent_type;
  return type === 'employee' || type === 'customer' ? type : null;
}

const RANGES: Partial<Record<QuestionKind, [number, number]>> = {
  likert5: [1, 5],
  rating5: [1, 5],
  nps: [0, 10],
};

function parseValue(question: ImportQuestion, raw: string): number | string | { error: string } {
  const range = RANGES[question.kind];
  if (range !== undefined) {
    const [lo, hi] = range;
    if (!/^-?\d+$/.test(raw) || Number(raw) < lo || Number(raw) > hi)
      return { error: `"${question.key}" takes a whole number from ${lo} to ${hi}.` };
    return Number(raw);
  }
  if (question.kind === 'single_choice') {
    if (!question.options.includes(raw))
      return { error: `"${question.key}" takes one of: ${question.options.join(', ')}.` };
    return raw;
  }
  if (raw.length > question.maxLength)
    return { error: `"${question.key}" takes at most ${question.maxLength} characters.` };
  return raw;
}

function isDate(value: string): boolean {
  try {
    dayNumber(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks every record against the directory, the existing cycles and the mapped items, and
 * plans the cycles and responses to write. Cells whose source maps to no item were reported
 * by the mapping (unknown) or ignored on purpose, so they are skipped here.
 */
export function planResponseImport(
  records: readonly ImportRecord[],
  context: ImportContext,
): ResponseImportPlan {
  const errors: RowError[] = [];
  const cycles = new Map<string, PlannedCycle>();
  const groups = new Map<
    string,
    PlannedResponse & { unitExternalId: string; keys: Set<string>; line: number }
  >();
  const fail = (line: number, column: string, message: string, value?: string) =>
    errors.push({ line, column, message, ...(value === undefined ? {} : { value }) });
  const long = context.format === 'long';

  for (const { line, values, cells } of records) {
    const before = errors.length;
    const need = (column: ResponseField): string => {
      const value = values[column];
      if (value === undefined) fail(line, column, 'This cell is required.');
      return value ?? '';
    };
    const label = need('cycle_label');
    const start = need('period_start');
    const end = need('period_end');
    const type = need('respondent_type');
    const unitExternalId = need('unit_external_id');
    const responseId = long ? need('response_id') : (values.response_id ?? `line ${line}`);
    if (long && cells.length === 0) fail(line, 'question_key', 'This cell is required.');
    if (errors.length > before) continue;

    if (label.length > 200) fail(line, 'cycle_label', 'A cycle label has at most 200 characters.');
    const startOk = isDate(start);
    const endOk = isDate(end);
    if (!startOk) fail(line, 'period_start', 'Write the date as YYYY-MM-DD.', start);
    if (!endOk) fail(line, 'period_end', 'Write the date as YYYY-MM-DD.', end);
    if (startOk && endOk && dayNumber(end) < dayNumber(start))
      fail(line, 'period_end', 'The period ends before it starts.', end);
    if (type !== 'employee' && type !== 'customer') {
      fail(line, 'respondent_type', 'Write employee or customer.', type);
      continue;
    }
    const audience: Audience = type;
    const unitId = context.units.get(unitExternalId);
    if (unitId === undefined)
      fail(line, 'unit_external_id', 'No unit has this external id.', unitExternalId);
    if (errors.length > before) continue;

    const existing = context.cycles.get(label);
    let cycle = cycles.get(label);
    if (cycle === undefined) {
      if (existing !== undefined && !existing.imported) {
        fail(
          line,
          'cycle_label',
          'A cycle run in Tandem already has this label; choose another.',
          label,
        );
        continue;
      }
      cycle = { label, periodStart: start, periodEnd: end, existingId: existing?.id ?? null };
      cycles.set(label, cycle);
    }
    if (cycle.periodStart !== start || cycle.periodEnd !== end) {
      fail(
        line,
        cycle.periodStart !== start ? 'period_start' : 'period_end',
        existing
          ? `The imported cycle "${label}" covers ${cycle.periodStart} to ${cycle.periodEnd}.`
          : `Earlier rows give "${label}" the period ${cycle.periodStart} to ${cycle.periodEnd}.`,
      );
      continue;
    }
    if (existing !== undefined && existing[`${audience}Responses`] > 0) {
      fail(
        line,
        'respondent_type',
        `The imported cycle "${label}" already has ${audience} responses; importing them again would count them twice.`,
      );
      continue;
    }
    const existingSurvey = existing?.[`${audience}SurveyId`];
    if (existingSurvey && existingSurvey !== context.surveyIds[audience]) {
      fail(
        line,
        'cycle_label',
        `The imported cycle "${label}" uses another ${audience} survey than "${context.surveyNames[audience]}"; import onto that survey or use a new label.`,
        label,
      );
      continue;
    }

    const groupKey = JSON.stringify([label, audience, responseId]);
    let group = groups.get(groupKey);
    if (group === undefined) {
      group = {
        cycleLabel: label,
        audience,
        unitId: unitId!,
        unitExternalId,
        answers: {},
        keys: new Set(),
        line,
      };
      groups.set(groupKey, group);
    } else if (!long) {
      fail(line, 'response_id', `Response ${responseId} is on line ${group.line} already.`);
      continue;
    } else if (group.unitExternalId !== unitExternalId) {
      fail(
        line,
        'unit_external_id',
        `Response ${responseId} was given unit ${group.unitExternalId} on an earlier row.`,
        unitExternalId,
      );
      continue;
    }

    for (const cell of cells) {
      const question = context.questions[audience].get(cell.source);
      if (question === undefined) continue;
      if (group.keys.has(question.key)) {
        fail(
          line,
          long ? 'question_key' : cell.valueColumn,
          `Response ${responseId} already answers "${question.key}".`,
          cell.source,
        );
        continue;
      }
      group.keys.add(question.key);
      if (cell.raw === undefined) continue; // a skipped question
      const parsed = parseValue(question, cell.raw);
      if (typeof parsed === 'object') fail(line, cell.valueColumn, parsed.error, cell.raw);
      else group.answers[question.key] = parsed;
    }
  }

  return {
    cycles: [...cycles.values()],
    responses: [...groups.values()].map(({ cycleLabel, audience, unitId, answers }) => ({
      cycleLabel,
      audience,
      unitId,
      answers,
    })),
    errors,
  };
}
