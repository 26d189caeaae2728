/** The error types of RFC 7644 §3.12 (the `scimType` of a 400 or 409). */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The body every SCIM error answers with (RFC 7644 §3.12). */
export interface ScimErrorBody {
  schemas: [typeof SCIM_ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail: string;
}

/** A request SCIM refuses: its HTTP status, the scimType where RFC 7644 names one, and why. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
    this.name = 'ScimError';
  }

  static invalidFilter(detail: string) {
    return new ScimError(400, detail, 'invalidFilter');
  }

  static invalidSyntax(detail: string) {
    return new ScimError(400, detail, 'invalidSyntax');
  }

  static invalidPath(detail: string) {
    return new ScimError(400, detail, 'invalidPath');
  }

  static invalidValue(detail: string) {
    return new ScimError(400, detail, 'invalidValue');
  }

  static noTarget(detail: string) {
    return new ScimError(400, detail, 'noTarget');
  }

  static mutability(detail: string) {
    return new ScimError(400, detail, 'mutability');
  }

  static uniqueness(detail: string) {
    return new ScimError(409, detail, 'uniqueness');
  }

  static notFound(detail: string) {
    return new ScimError(404, detail);
  }

  static unauthorized(detail: string) {
    return new ScimError(401, detail);
  }

  body(): ScimErrorBody {
    return {
      schemas: [SCIM_ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.message,
    };
  }
}
