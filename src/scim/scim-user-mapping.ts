import { isEmail } from 'class-validator';
import { EXIT_TYPES, type ExitType } from '../directory/entities/employee.entity';
import type { ProvisionedEmployee } from '../directory/provisioning.service';
import type { JsonObject } from './scim-patch';
import { ENTERPRISE_USER_SCHEMA, SCIM_BASE, TANDEM_USER_SCHEMA, USER_SCHEMA } from './scim-schemas';
import { ScimError } from './scim.errors';

/** What a SCIM User says about an employee, read and checked. */
export interface UserInput {
  email: string;
  name: string;
  externalId: string | null;
  active: boolean;
  hireDate: string | null;
  exitDate: string | null;
  exitType: ExitType | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value of an attribute named in any case (SCIM attribute names are case-insensitive). */
export function attr(obj: JsonObject, name: string): unknown {
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

function text(value: unknown, what: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw ScimError.invalidValue(`${what} must be a string.`);
  const trimmed = value.trim();
  if (trimmed.length > max) throw ScimError.invalidValue(`Keep ${what} under ${max} characters.`);
  return trimmed === '' ? null : trimmed;
}

/** `active` as a boolean; Azure sends "True"/"False" as strings. */
function activeOf(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value))
    return value.toLowerCase() === 'true';
  throw ScimError.invalidValue('active must be true or false.');
}

function dateOf(value: unknown, what: string): string | null {
  const date = text(value, what, 10);
  if (date === null) return null;
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
    throw ScimError.invalidValue(`${what} must be a date as YYYY-MM-DD.`);
  return date;
}

/**
 * The employee's one name: displayName, else name.formatted, else given and family names.
 * On a PATCH (`before` given) the part the identity provider changed wins.
 */
function nameOf(user: JsonObject, before?: JsonObject): string | null {
  const name = isObject(attr(user, 'name')) ? (attr(user, 'name') as JsonObject) : {};
  const old = before && isObject(attr(before, 'name')) ? (attr(before, 'name') as JsonObject) : {};
  const display = text(attr(user, 'displayName'), 'displayName', 200);
  const formatted = text(attr(name, 'formatted'), 'name.formatted', 200);
  const given = text(attr(name, 'givenName'), 'name.givenName', 100);
  const family = text(attr(name, 'familyName'), 'name.familyName', 100);
  const joined = [given, family].filter(Boolean).join(' ') || null;
  if (before) {
    if (display !== null && display !== attr(before, 'displayName')) return display;
    if (formatted !== null && formatted !== attr(old, 'formatted')) return formatted;
    if (
      joined !== null &&
      (attr(name, 'givenName') !== attr(old, 'givenName') ||
        attr(name, 'familyName') !== attr(old, 'familyName'))
    )
      return joined;
  }
  return display ?? formatted ?? joined;
}

/** Reads a User resource (a POST or PUT body, or a resource after PATCH). */
export function readUser(user: unknown, before?: JsonObject): UserInput {
  if (!isObject(user)) throw ScimError.invalidSyntax('Send a User resource as a JSON object.');
  const userName = text(attr(user, 'userName'), 'userName', 254);
  if (userName === null) throw ScimError.invalidValue('userName is required.');
  if (!isEmail(userName))
    throw ScimError.invalidValue('userName must be the email address surveys go to.');
  const name = nameOf(user, before) ?? userName;
  const tandem = attr(user, TANDEM_USER_SCHEMA);
  const employment = isObject(tandem) ? tandem : {};
  const exitType = text(attr(employment, 'exitType'), 'exitType', 20);
  if (exitType !== null && !(EXIT_TYPES as readonly string[]).includes(exitType))
    throw ScimError.invalidValue(`exitType must be one of ${EXIT_TYPES.join(', ')}.`);
  return {
    email: userName.toLowerCase(),
    name,
    externalId: text(attr(user, 'externalId'), 'externalId', 100),
    active: activeOf(attr(user, 'active')),
    hireDate: dateOf(attr(employment, 'hireDate'), 'hireDate'),
    exitDate: dateOf(attr(employment, 'exitDate'), 'exitDate'),
    exitType: exitType as ExitType | null,
  };
}

/** Not exited: no exit date, or one still to come. Someone hired for a later date is active. */
export function isActive(employee: ProvisionedEmployee, today: string): boolean {
  return employee.exitDate === null || employee.exitDate > today;
}

/** An employee as a SCIM User (RFC 7643 §4.1), with the enterprise and Tandem extensions. */
export function toScimUser(employee: ProvisionedEmployee, today: string): JsonObject {
  const userName = employee.email ?? employee.externalId ?? employee.id;
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, TANDEM_USER_SCHEMA],
    id: employee.id,
    ...(employee.externalId !== null ? { externalId: employee.externalId } : {}),
    userName,
    name: { formatted: employee.name },
    displayName: employee.name,
    emails: employee.email ? [{ value: employee.email, type: 'work', primary: true }] : [],
    active: isActive(employee, today),
    groups: [
      {
        value: employee.unitId,
        display: employee.unitName,
        $ref: `${SCIM_BASE}/Groups/${employee.unitId}`,
        type: 'direct',
      },
    ],
    [ENTERPRISE_USER_SCHEMA]: { department: employee.unitName },
    [TANDEM_USER_SCHEMA]: {
      hireDate: employee.hireDate,
      exitDate: employee.exitDate,
      exitType: employee.exitType,
    },
    meta: {
      resourceType: 'User',
      created: new Date(employee.createdAt).toISOString(),
      lastModified: new Date(employee.updatedAt).toISOString(),
      location: `${SCIM_BASE}/Users/${employee.id}`,
    },
  };
}
