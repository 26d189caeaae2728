import { isDefined, isIn, isString, maxLength } from 'class-validator';
import { estimateAnswerMinutes } from '../surveys/answer-time';
import type { Audience } from '../surveys/entities/survey.entity';
import type { QuestionKind } from '../surveys/entities/question.entity';
import type { MessageKey } from './i18n';

export interface FormQuestion {
  key: string;
  kind: QuestionKind;
  text: string;
  required: boolean;
  options: string[];
  /** What each option reads as in the page's language (the value stays the option). */
  optionLabels?: string[];
  maxLength: number;
  /** The dimension it scores, which groups it into a section of the one-section-at-a-time form. */
  dimension?: string | null;
  /** Offers "Prefer not to say" (employee surveys): chosen, the question counts as not answered. */
  preferNotToSay?: boolean;
}

/** A survey ready to be shown and checked: built once per survey and cached. */
export interface SurveyForm {
  surveyId: string;
  name: string;
  description: string;
  audience: Audience;
  questions: FormQuestion[];
  /** form field name → question */
  fields: Map<string, FormQuestion>;
  /** form field name → the checks its value must pass, in order */
  checks: Map<string, FieldCheck>;
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
/**
 * The value of the "Prefer not to say" choice. It satisfies a required question and is never
 * stored: the question is left out of the answers, exactly as an unanswered optional one.
 */
export const PREFER_NOT_TO_SAY = '_prefer_not_to_say';

const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
/** The whole numbers each scored kind accepts. */
const SCALES: Partial<Record<QuestionKind, number[]>> = {
  likert5: range(1, 5),
  rating5: range(1, 5),
  nps: range(0, 10),
};

/** One rule a field's value must pass, and the message shown when it does not. */
interface Rule {
  passes: (value: unknown) => boolean;
  message: MessageKey;
}

/**
 * What a field requires: present (or allowed to be missing, which skips the rules), then each
 * rule in order; the first failure is the one reported.
 */
interface FieldCheck {
  required: boolean;
  /** PREFER_NOT_TO_SAY passes: the question is then not answered. */
  preferNotToSay: boolean;
  missingMessage: MessageKey;
  rules: Rule[];
}

/**
 * The checks for one question, built once per survey from class-validator's validators. They
 * run as plain functions: class-validator's decorator path looks up metadata across every
 * validated class in the process on each call, a visible share of a submission's CPU.
 */
function checkFor(q: FormQuestion): FieldCheck {
  const missingMessage: MessageKey = q.kind === 'text' ? 'errors.requiredText' : 'errors.required';
  const check = (rules: Rule[]): FieldCheck => ({
    required: q.required,
    preferNotToSay: !!q.preferNotToSay && q.kind !== 'text',
    missingMessage,
    rules,
  });
  switch (q.kind) {
    // One membership check covers type, whole numbers and range (or the offered choices).
    case 'likert5':
    case 'rating5':
    case 'nps': {
      const scale = SCALES[q.kind]!;
      return check([{ passes: (v) => isIn(v, scale), message: 'errors.notAChoice' }]);
    }
    case 'single_choice':
      return check([{ passes: (v) => isIn(v, q.options), message: 'errors.notAChoice' }]);
    case 'text':
      return check([
        { passes: isString, message: 'errors.notText' },
        { passes: (v) => maxLength(v, q.maxLength), message: 'errors.tooLong' },
      ]);
  }
}

/** The first message `value` earns, or undefined when it passes. */
function failureOf(check: FieldCheck, value: unknown): MessageKey | undefined {
  if (!isDefined(value)) return check.required ? check.missingMessage : undefined;
  if (check.preferNotToSay && value === PREFER_NOT_TO_SAY) return undefined;
  return check.rules.find((rule) => !rule.passes(value))?.message;
}

export function buildSurveyForm(
  survey: { id: string; name: string; description: string; audience: Audience },
  questions: FormQuestion[],
): SurveyForm {
  return {
    surveyId: survey.id,
    name: survey.name,
    description: survey.description,
    audience: survey.audience,
    questions,
    fields: new Map(questions.map((q) => [fieldName(q.key), q])),
    checks: new Map(questions.map((q) => [fieldName(q.key), checkFor(q)])),
    minutes: estimateAnswerMinutes(questions.map((q) => q.kind)),
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
  const own = (name: string) => Object.prototype.hasOwnProperty.call(posted, name);
  for (const name in posted)
    if (own(name) && name !== SURVEY_FIELD && !form.fields.has(name))
      result.errors[FORM_ERROR] = 'errors.unknownField';
  // Drawn from another survey (or a stale page): the caller checks against the right one.
  if (
    own(SURVEY_FIELD) &&
    isDefined(posted[SURVEY_FIELD]) &&
    !isIn(posted[SURVEY_FIELD], [form.surveyId])
  )
    result.errors[FORM_ERROR] = 'errors.malformed';

  const values = new Map<string, unknown>();
  for (const [name, q] of form.fields) {
    const value = own(name) ? normalize(q, posted[name]) : undefined;
    values.set(name, value);
    const message = failureOf(form.checks.get(name)!, value);
    if (message) result.errors[q.key] = message;
  }

  result.ok = Object.keys(result.errors).length === 0;
  for (const q of form.questions) {
    const name = fieldName(q.key);
    const value = values.get(name);
    const declined = value === PREFER_NOT_TO_SAY && form.checks.get(name)!.preferNotToSay;
    if (
      !result.errors[q.key] &&
      !declined &&
      (typeof value === 'number' || typeof value === 'string')
    )
      result.answers[q.key] = value;
    // What the person sent goes back into the form only when it is shown again.
    const shown = result.ok ? undefined : echo(posted[name]);
    if (shown !== undefined) result.values[q.key] = shown;
  }
  return result;
}
