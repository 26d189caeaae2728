import type { CsvRow, RowError } from '../common/csv-reader';
import type { QuestionKind } from '../surveys/entities/question.entity';
import type { Audience } from '../surveys/entities/survey.entity';
import { dayNumber } from './stats/calendar';

/**
 * Validation of a historical-responses CSV (past waves from another tool), as a pure function
 * over the parsed rows and what the database holds. One row is one answer; rows sharing
 * (cycle_label, respondent_type, response_id) form one response.
 */

export const RESPONSE_IMPORT_COLUMNS = [
  'cycle_label',
  'period_start',
  'period_end',
  'respondent_type',
  'unit_external_id',
  'response_id',
  'question_key',
  'value',
] as const;

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
}

export interface ImportContext {
  /** unit external id → unit id */
  units: ReadonlyMap<string, string>;
  questions: Record<Audience, ReadonlyMap<string, ImportQuestion>>;
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

/** Errors for header columns outside the format; identity columns get the privacy reason. */
export function headerErrors(extraColumns: readonly string[]): RowError[] {
  return extraColumns.map((column) => ({
    line: 1,
    column,
    message: IDENTITY_COLUMNS.has(column)
      ? 'Responses are imported without identity: remove this column (employee answers are anonymous).'
      : `Unknown column. The columns are: ${RESPONSE_IMPORT_COLUMNS.join(', ')}.`,
  }));
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

export function planResponseImport(
  rows: readonly CsvRow[],
  context: ImportContext,
): ResponseImportPlan {
  const errors: RowError[] = [];
  const cycles = new Map<string, PlannedCycle>();
  const groups = new Map<string, PlannedResponse & { unitExternalId: string; keys: Set<string> }>();
  const fail = (line: number, column: string, message: string, value?: string) =>
    errors.push({ line, column, message, ...(value === undefined ? {} : { value }) });

  for (const { line, values } of rows) {
    const before = errors.length;
    const need = (column: (typeof RESPONSE_IMPORT_COLUMNS)[number]): string => {
      const value = values[column];
      if (value === undefined) fail(line, column, 'This cell is required.');
      return value ?? '';
    };
    const label = need('cycle_label');
    const start = need('period_start');
    const end = need('period_end');
    const type = need('respondent_type');
    const unitExternalId = need('unit_external_id');
    const responseId = need('response_id');
    const key = need('question_key');
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
    const question = context.questions[audience].get(key);
    if (question === undefined)
      fail(
        line,
        'question_key',
        `The built-in ${audience} survey has no question with this key.`,
        key,
      );
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
      };
      groups.set(groupKey, group);
    } else if (group.unitExternalId !== unitExternalId) {
      fail(
        line,
        'unit_external_id',
        `Response ${responseId} was given unit ${group.unitExternalId} on an earlier row.`,
        unitExternalId,
      );
      continue;
    }
    if (group.keys.has(key)) {
      fail(line, 'question_key', `Response ${responseId} already answers "${key}".`, key);
      continue;
    }
    group.keys.add(key);
    const raw = values.value;
    if (raw === undefined) continue; // a skipped question
    const parsed = parseValue(question!, raw);
    if (typeof parsed === 'object') fail(line, 'value', parsed.error, raw);
    else group.answers[key] = parsed;
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
