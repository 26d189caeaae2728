import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum SettingsErrorCode {
  LOGO_TOO_LARGE = 'LOGO_TOO_LARGE',
  LOGO_SVG = 'LOGO_SVG',
  LOGO_NOT_AN_IMAGE = 'LOGO_NOT_AN_IMAGE',
  LOGO_NOT_BASE64 = 'LOGO_NOT_BASE64',
  TIME_ZONE_UNKNOWN = 'TIME_ZONE_UNKNOWN',
  NO_LOGO = 'NO_LOGO',
}

function describe(code: SettingsErrorCode): [DomainErrorKind, string, string | undefined] {
  switch (code) {
    case SettingsErrorCode.LOGO_TOO_LARGE:
      return ['invalid', 'The logo must be at most 200 kB; save a smaller PNG or JPEG.', 'logo'];
    case SettingsErrorCode.LOGO_SVG:
      return [
        'invalid',
        'SVG logos are not accepted (an SVG file can carry scripts); upload a PNG or JPEG.',
        'logo',
      ];
    case SettingsErrorCode.LOGO_NOT_AN_IMAGE:
      return ['invalid', 'The logo must be a PNG or JPEG image.', 'logo'];
    case SettingsErrorCode.LOGO_NOT_BASE64:
      return ['invalid', 'The logo must be the image file in base64 (or a data: URL).', 'logo'];
    case SettingsErrorCode.TIME_ZONE_UNKNOWN:
      return [
        'invalid',
        'Unknown time zone: use an IANA name such as Europe/London or America/Los_Angeles.',
        'timeZone',
      ];
    case SettingsErrorCode.NO_LOGO:
      return ['not_found', 'No logo has been uploaded.', undefined];
  }
}

export class SettingsError extends DomainError<SettingsErrorCode> {
  readonly kind: DomainErrorKind;

  constructor(code: SettingsErrorCode) {
    const [kind, message, field] = describe(code);
    super(code, message, field ? { field } : undefined);
    this.kind = kind;
  }
}
