import {
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  validateSync,
  ValidationError,
} from 'class-validator';
import type { Audience } from '../surveys/entities/survey.entity';
import type { QuestionKind } from '../surveys/entities/question.entity';
import type { MessageKey } from './i18n';

export interface FormQuestion {
  key: string;
  kind: QuestionKind;
  text: string;
  required: boolean;
  options: string[];
  maxLength: number;
}

/** A survey ready to be shown and checked: built once per survey and cached. */
export interface SurveyForm {
  surveyId: string;
  name: string;
  description: string;
  audience: Audience;
  questions: FormQuestion[];
  /** A class-validator class with one decorated property per question field. */
  answersClass: new () => object;
  /** form field name → question */
  fields: Map<string, FormQuestion>;
  minutes: number;
}

export type AnswerValue = number | string;

export interface CheckedAnswers {
  ok: boolean;
  /** question key → value, only for answered questions. */
  answers: Record<string, AnswerValue>;
  /** question key (or FORM_ERROR) → message key. */
  errors: Record<string, MessageKey>;
  /** question key → what the person sent, to put back into the form. */
  values: Record<string, string>;
}

export const FORM_ERROR = '_form';
/** Longest text echoed back into a re-rendered form; longer input is cut, not reflected. */
const MAX_ECHO = 20_000;

/** Form field names are derived from question keys, so they never collide with anything else. */
export const fieldName = (key: string) => `q_${key}`;
/** The survey the form was drawn from, so a submission can be checked before any lookup. */
export const SURVEY_FIELD = '_survey';

const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
/** The whole numbers each scored kind accepts. */
const SCALES: Partial<Record<QuestionKind, number[]>> = {
  likert5: range(1, 5),
  rating5: range(1, 5),
  nps: range(0, 10),
};

function decoratorsFor(q: FormQuestion): PropertyDecorator[] {
  const presence = q.required
    ? IsDefined({ message: q.kind === 'text' ? 'errors.requiredText' : 'errors.required' })
    : IsOptional();
  const choice = { message: 'errors.notAChoice' satisfies MessageKey };
  switch (q.kind) {
    // One membership check covers type, whole numbers and range (or the offered choices).
    case 'likert5':
    case 'rating5':
    case 'nps':
      return [presence, IsIn(SCALES[q.kind]!, choice)];
    case 'single_choice':
      return [presence, IsIn(q.options, choice)];
    case 'text':
      return [
        presence,
        IsString({ message: 'errors.notText' }),
        MaxLength(q.maxLength, { message: 'errors.tooLong' }),
      ];
  }
}

/** Roughly 10 seconds a scored item and a minute a comment, rounded up. */
function estimateMinutes(questions: FormQuestion[]): number {
  const seconds = questions.reduce((sum, q) => sum + (q.kind === 'text' ? 60 : 10), 0);
  return Math.max(1, Math.ceil(seconds / 60));
}

export function buildSurveyForm(
  survey: { id: string; name: string; description: string; audience: Audience },
  questions: FormQuestion[],
): SurveyForm {
  const answersClass = class SurveyAnswers {};
  IsOptional()(answersClass.prototype, SURVEY_FIELD);
  IsIn([survey.id])(answersClass.prototype, SURVEY_FIELD);
  for (const q of questions)
    for (const decorate of decoratorsFor(q)) decorate(answersClass.prototype, fieldName(q.key));
  return {
    surveyId: survey.id,
    name: survey.name,
    description: survey.description,
    audience: survey.audience,
    questions,
    answersClass,
    fields: new Map(questions.map((q) => [fieldName(q.key), q])),
    minutes: estimateMinutes(questions),
  };
}

/** Browsers send CRLF, PostgreSQL's jsonb refuses NUL and lone surrogates. */
function cleanText(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .replaceAll('\u0000', '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .trim();
}

function normalize(q: FormQuestion, raw: unknown): unknown {
  if (typeof raw !== 'string') return raw; // numbers from JSON; arrays and objects fail the checks
  if (q.kind === 'text') return cleanText(raw) || undefined;
  const value = raw.trim();
  if (value === '') return undefined;
  if (SCALES[q.kind]) return /^\d{1,2}$/.test(value) ? Number(value) : value;
  return raw;
}

function echo(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw.length > MAX_ECHO ? raw.slice(0, MAX_ECHO) : raw;
  if (typeof raw === 'number') return String(raw);
  return undefined;
}

/**
 * Checks a posted form against the survey: required items, ranges, choice membership, text
 * length, and no fields the survey does not have.
 */
export function checkAnswers(form: SurveyForm, body: unknown): CheckedAnswers {
  const result: CheckedAnswers = { ok: false, answers: {}, errors: {}, values: {} };
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    result.errors[FORM_ERROR] = 'errors.malformed';
    return result;
  }
  const posted = (body ?? {}) as Record<string, unknown>;
  const byField = form.fields;
  const candidate = new form.answersClass() as Record<string, unknown>;

  for (const name in posted) {
    if (!Object.prototype.hasOwnProperty.call(posted, name)) continue;
    const q = byField.get(name);
    // Checked here as well as by class-validator's whitelist, which lets names such as
    // "constructor" through because it looks properties up on a plain object.
    if (!q && name !== SURVEY_FIELD) result.errors[FORM_ERROR] = 'errors.unknownField';
    const value = q ? normalize(q, posted[name]) : posted[name];
    // A field called "__proto__" must stay a plain property, not replace the prototype.
    if (name === '__proto__')
      Object.defineProperty(candidate, name, { value, enumerable: true, configurable: true });
    else candidate[name] = value;
  }

  const failures: ValidationError[] = validateSync(candidate, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
  });
  for (const failure of failures) {
    const q = byField.get(failure.property);
    const message = Object.values(failure.constraints ?? {})[0] as MessageKey | undefined;
    if (failure.property === SURVEY_FIELD) {
      // drawn from another survey (or a stale page): the caller checks against the right one
      result.errors[FORM_ERROR] = 'errors.malformed';
    } else if (!q || failure.constraints?.whitelistValidation) {
      result.errors[FORM_ERROR] = 'errors.unknownField';
    } else if (message) {
      result.errors[q.key] = message;
    }
  }

  result.ok = Object.keys(result.errors).length === 0;
  for (const q of form.questions) {
    const name = fieldName(q.key);
    const value = candidate[name];
    if (!result.errors[q.key] && (typeof value === 'number' || typeof value === 'string'))
      result.answers[q.key] = value;
    // What the person sent goes back into the form only when it is shown again.
    const shown = result.ok ? undefined : echo(posted[name]);
    if (shown !== undefined) result.values[q.key] = shown;
  }
  return result;
}
