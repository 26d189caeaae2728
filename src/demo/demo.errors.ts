import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum DemoErrorCode {
  NOT_EMPTY = 'NOT_EMPTY',
  NOT_DEMO_DATA = 'NOT_DEMO_DATA',
  BUILTIN_SURVEYS_MISSING = 'BUILTIN_SURVEYS_MISSING',
  RUN_NOT_FOUND = 'RUN_NOT_FOUND',
}

function describe(code: DemoErrorCode): [DomainErrorKind, string] {
  switch (code) {
    case DemoErrorCode.NOT_EMPTY:
      return [
        'conflict',
        'The demo company can only be loaded into an empty Tandem: there are already units, people, customers or cycles here. Nothing was changed.',
      ];
    case DemoErrorCode.NOT_DEMO_DATA:
      return [
        'conflict',
        'Only a previous demo company can be reset, and some of the data here is not from the demo. Nothing was changed.',
      ];
    case DemoErrorCode.BUILTIN_SURVEYS_MISSING:
      return [
        'conflict',
        'The built-in employee and customer surveys are missing; run the migrations first.',
      ];
    case DemoErrorCode.RUN_NOT_FOUND:
      return ['not_found', 'No such demo run.'];
  }
}

export class DemoError extends DomainError<DemoErrorCode> {
  readonly kind: DomainErrorKind;

  constructor(code: DemoErrorCode, details?: Record<string, unknown>) {
    const [kind, message] = describe(code);
    super(code, message, details);
    this.kind = kind;
  }
}
