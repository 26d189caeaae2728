import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum SurveyErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  QUESTION_NOT_FOUND = 'QUESTION_NOT_FOUND',
  BUILTIN_READ_ONLY = 'BUILTIN_READ_ONLY',
  LOCKED = 'LOCKED',
  KEY_TAKEN = 'KEY_TAKEN',
  DIMENSION_REQUIRED = 'DIMENSION_REQUIRED',
  OPTIONS_REQUIRED = 'OPTIONS_REQUIRED',
  REVERSE_NEEDS_LIKERT = 'REVERSE_NEEDS_LIKERT',
  ROLE_WRONG_KIND = 'ROLE_WRONG_KIND',
  CSAT_NEEDS_CUSTOMER_SURVEY = 'CSAT_NEEDS_CUSTOMER_SURVEY',
  ROLE_TAKEN = 'ROLE_TAKEN',
  NOT_IN_BANK = 'NOT_IN_BANK',
  ALREADY_IN_SURVEY = 'ALREADY_IN_SURVEY',
  PREFER_NOT_TO_SAY_NOT_OFFERED = 'PREFER_NOT_TO_SAY_NOT_OFFERED',
  UNKNOWN_LANGUAGE = 'UNKNOWN_LANGUAGE',
  TRANSLATIONS_INVALID = 'TRANSLATIONS_INVALID',
}

const ROLE_NAMES: Record<string, string> = {
  recommend: 'recommend (eNPS/NPS) item',
  csat: 'CSAT item',
};

function describe(
  code: SurveyErrorCode,
  details?: Record<string, unknown>,
): [DomainErrorKind, string] {
  switch (code) {
    case SurveyErrorCode.NOT_FOUND:
      return ['not_found', 'No such survey.'];
    case SurveyErrorCode.QUESTION_NOT_FOUND:
      return ['not_found', 'No such question in this survey.'];
    case SurveyErrorCode.BUILTIN_READ_ONLY:
      return [
        'conflict',
        'This is a built-in template and cannot change — make a copy to change it.',
      ];
    case SurveyErrorCode.LOCKED:
      return [
        'conflict',
        `This survey is used by cycle “${String(details?.cycleName ?? 'a launched cycle')}” and cannot change — make a copy to change it.`,
      ];
    case SurveyErrorCode.KEY_TAKEN:
      return ['invalid', 'Another question in this survey already uses that key.'];
    case SurveyErrorCode.DIMENSION_REQUIRED:
      return ['invalid', 'Scored questions need a dimension, e.g. engagement or trust.'];
    case SurveyErrorCode.OPTIONS_REQUIRED:
      return ['invalid', 'A single-choice question needs at least two options, one per line.'];
    case SurveyErrorCode.REVERSE_NEEDS_LIKERT:
      return [
        'invalid',
        'Only an agreement (1–5) statement can be reverse-keyed; choose that kind or untick it.',
      ];
    case SurveyErrorCode.ROLE_WRONG_KIND:
      return [
        'invalid',
        details?.role === 'csat'
          ? 'The CSAT item must be a rating, 1–5 question.'
          : 'The recommend item must be a likelihood to recommend, 0–10 question.',
      ];
    case SurveyErrorCode.CSAT_NEEDS_CUSTOMER_SURVEY:
      return ['invalid', 'Only a customer survey has a CSAT item.'];
    case SurveyErrorCode.ROLE_TAKEN:
      return [
        'invalid',
        `“${String(details?.questionText ?? 'Another question')}” is already this survey’s ${ROLE_NAMES[String(details?.role)] ?? 'item of that kind'}; a survey has one. Change that question first.`,
      ];
    case SurveyErrorCode.NOT_IN_BANK:
      return ['not_found', 'No such item in the question bank for this survey’s audience.'];
    case SurveyErrorCode.ALREADY_IN_SURVEY:
      return ['invalid', `This survey already has the item keyed “${String(details?.key ?? '')}”.`];
    case SurveyErrorCode.PREFER_NOT_TO_SAY_NOT_OFFERED:
      return [
        'invalid',
        '“Prefer not to say” is offered only on questions of employee surveys that are not free text; untick it.',
      ];
    case SurveyErrorCode.UNKNOWN_LANGUAGE:
      return [
        'invalid',
        `Choose one of the languages surveys are shown in (${String(details?.languages ?? '')}).`,
      ];
    case SurveyErrorCode.TRANSLATIONS_INVALID:
      return [
        'invalid',
        'The translation file has errors (details.errors, by line and column); nothing was saved.',
      ];
  }
}

export class SurveyError extends DomainError<SurveyErrorCode> {
  readonly kind: DomainErrorKind;

  constructor(code: SurveyErrorCode, details?: Record<string, unknown>) {
    const [kind, message] = describe(code, details);
    super(code, message, details);
    this.kind = kind;
  }
}
