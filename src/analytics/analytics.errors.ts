import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum AnalyticsErrorCode {
  CYCLE_NOT_FOUND = 'CYCLE_NOT_FOUND',
  UNIT_NOT_FOUND = 'UNIT_NOT_FOUND',
  OUT_OF_SCOPE = 'OUT_OF_SCOPE',
  BAD_CYCLE_RANGE = 'BAD_CYCLE_RANGE',
  UNKNOWN_METRIC = 'UNKNOWN_METRIC',
  IMPORT_INVALID = 'IMPORT_INVALID',
  IMPORT_SURVEY_NOT_FOUND = 'IMPORT_SURVEY_NOT_FOUND',
  IMPORT_SURVEY_AUDIENCE = 'IMPORT_SURVEY_AUDIENCE',
  IMPORT_PREVIEW_NOT_FOUND = 'IMPORT_PREVIEW_NOT_FOUND',
  RESULTS_NOT_YET_AVAILABLE = 'RESULTS_NOT_YET_AVAILABLE',
}

function describe(code: AnalyticsErrorCode): [DomainErrorKind, string] {
  switch (code) {
    case AnalyticsErrorCode.CYCLE_NOT_FOUND:
      return ['not_found', 'No such cycle.'];
    case AnalyticsErrorCode.UNIT_NOT_FOUND:
      return ['not_found', 'No such unit.'];
    case AnalyticsErrorCode.OUT_OF_SCOPE:
      return ['forbidden', 'That unit is outside the units you can see.'];
    case AnalyticsErrorCode.BAD_CYCLE_RANGE:
      return ['invalid', '"from" must be a cycle that starts no later than "to".'];
    case AnalyticsErrorCode.UNKNOWN_METRIC:
      return ['invalid', 'That metric is not measured by these cycles.'];
    case AnalyticsErrorCode.IMPORT_INVALID:
      return ['invalid', 'The file has errors; nothing was imported.'];
    case AnalyticsErrorCode.IMPORT_SURVEY_NOT_FOUND:
      return ['invalid', 'No survey has this id.'];
    case AnalyticsErrorCode.IMPORT_SURVEY_AUDIENCE:
      return ['invalid', 'That survey is for the other audience.'];
    case AnalyticsErrorCode.IMPORT_PREVIEW_NOT_FOUND:
      return [
        'not_found',
        'This preview has expired or was imported already; upload the file again.',
      ];
    case AnalyticsErrorCode.RESULTS_NOT_YET_AVAILABLE:
      return [
        'conflict',
        'Results of this cycle appear when it closes; until then only participation is shown.',
      ];
  }
}

/**
 * An analytics rule was broken; import errors carry `details.errors` (line, column, message).
 * `message`: a more specific wording than the code's own (e.g. naming the cycle's close date).
 */
export class AnalyticsError extends DomainError<AnalyticsErrorCode> {
  readonly kind: DomainErrorKind;

  constructor(code: AnalyticsErrorCode, details?: Record<string, unknown>, message?: string) {
    const [kind, standard] = describe(code);
    super(code, message ?? standard, details);
    this.kind = kind;
  }
}
