import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum ReportErrorCode {
  UNIT_NOT_FOUND = 'REPORT_UNIT_NOT_FOUND',
  OUT_OF_SCOPE = 'REPORT_OUT_OF_SCOPE',
  TABLE_NOT_FOUND = 'REPORT_TABLE_NOT_FOUND',
  NO_CYCLES = 'REPORT_NO_CYCLES',
  NO_CLOSED_CYCLES = 'REPORT_NO_CLOSED_CYCLES',
}

function describe(code: ReportErrorCode): [DomainErrorKind, string] {
  switch (code) {
    case ReportErrorCode.UNIT_NOT_FOUND:
      return ['not_found', 'No such unit.'];
    case ReportErrorCode.OUT_OF_SCOPE:
      return ['forbidden', 'That unit is outside the units you can see.'];
    case ReportErrorCode.TABLE_NOT_FOUND:
      return ['not_found', 'This report has no table of that name.'];
    case ReportErrorCode.NO_CYCLES:
      return ['not_found', 'There is no open or closed cycle to report on yet.'];
    case ReportErrorCode.NO_CLOSED_CYCLES:
      return [
        'conflict',
        'No cycle in this range has closed yet: its analysis can be downloaded once one has.',
      ];
  }
}

export class ReportError extends DomainError<ReportErrorCode> {
  readonly kind: DomainErrorKind;

  constructor(code: ReportErrorCode, details?: Record<string, unknown>) {
    const [kind, message] = describe(code);
    super(code, message, details);
    this.kind = kind;
  }
}
