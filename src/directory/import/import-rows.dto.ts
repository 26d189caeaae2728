import {
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  MaxLength,
  registerDecorator,
  ValidateIf,
  ValidationOptions,
} from 'class-validator';
import { IsCalendarDate, IsOnOrAfter, parseBoolean } from '../../common/validators';
import { availableLanguages } from '../../respond/i18n';
import { EXIT_TYPES } from '../entities/employee.entity';

/*
 * One class per CSV format; property names are the CSV column names so a validation error
 * names the column. Cells arrive as trimmed strings, blank cells as undefined.
 */

const REQUIRED = { message: 'is required' };
const EMAIL = { message: 'is not a valid email address' };
const DATE = { message: 'must be a date written as YYYY-MM-DD' };
const LANGUAGES = availableLanguages().map((l) => l.code);
const LANGUAGE = {
  message: `must be one of the languages surveys are shown in (${LANGUAGES.join(', ')}), or blank for the company default`,
};

/** true/false, yes/no, y/n or 1/0, in any case. */
function IsBooleanWord(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isBooleanWord',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be true or false', ...options },
      validator: { validate: (value: unknown) => typeof parseBoolean(value) === 'boolean' },
    });
}

/** Semicolon-separated email addresses. */
function IsEmailList(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isEmailList',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be email addresses separated by semicolons', ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          value
            .split(';')
            .map((v) => v.trim())
            .filter(Boolean)
            .every((v) => EMAIL_PATTERN.test(v)),
      },
    });
}

// The same shape class-validator's IsEmail accepts for ordinary addresses, cheap enough per cell.
const EMAIL_PATTERN = /^[^\s@;,]+@[^\s@;,]+\.[^\s@;,]+$/;

export class UnitRow {
  @IsNotEmpty(REQUIRED)
  @MaxLength(100, { message: 'must be at most 100 characters' })
  external_id: string;

  @IsNotEmpty(REQUIRED)
  @MaxLength(200, { message: 'must be at most 200 characters' })
  name: string;

  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  parent_external_id?: string;
}

export class EmployeeRow {
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  external_id?: string;

  /** Blank for staff without an address (they answer with printed codes); they need an external_id. */
  @ValidateIf((row: EmployeeRow) => row.email !== undefined || row.external_id === undefined)
  @IsNotEmpty({ message: 'is required when external_id is blank' })
  @IsEmail({}, EMAIL)
  @MaxLength(254, { message: 'must be at most 254 characters' })
  email?: string;

  @IsNotEmpty(REQUIRED)
  @MaxLength(200, { message: 'must be at most 200 characters' })
  name: string;

  @IsNotEmpty(REQUIRED)
  unit_external_id: string;

  @IsNotEmpty(REQUIRED)
  @IsCalendarDate(DATE)
  hire_date: string;

  @IsOptional()
  @IsCalendarDate(DATE)
  @IsOnOrAfter('hire_date', { message: 'is before hire_date' })
  exit_date?: string;

  @ValidateIf((row: EmployeeRow) => row.exit_date !== undefined || row.exit_type !== undefined)
  @IsNotEmpty({ message: 'is required when there is an exit_date' })
  @IsIn(EXIT_TYPES, {
    message: 'must be voluntary, involuntary or other when there is an exit_date',
  })
  exit_type?: string;

  @IsOptional()
  @IsBooleanWord()
  customer_facing?: string;

  @IsOptional()
  @IsIn(LANGUAGES, LANGUAGE)
  language?: string;
}

export class AccountRow {
  @IsNotEmpty(REQUIRED)
  @MaxLength(100, { message: 'must be at most 100 characters' })
  external_id: string;

  @IsNotEmpty(REQUIRED)
  @MaxLength(200, { message: 'must be at most 200 characters' })
  name: string;

  @IsNotEmpty(REQUIRED)
  unit_external_id: string;

  @IsOptional()
  @IsEmailList()
  relationship_employee_emails?: string;

  @IsOptional()
  @IsCalendarDate(DATE)
  churn_date?: string;
}

export class ContactRow {
  @IsNotEmpty(REQUIRED)
  @IsEmail({}, EMAIL)
  @MaxLength(254, { message: 'must be at most 254 characters' })
  email: string;

  @IsNotEmpty(REQUIRED)
  @MaxLength(200, { message: 'must be at most 200 characters' })
  name: string;

  @IsNotEmpty(REQUIRED)
  account_external_id: string;

  @IsOptional()
  @IsBooleanWord()
  subscribed?: string;

  @IsOptional()
  @IsIn(LANGUAGES, LANGUAGE)
  language?: string;
}

export const HISTORY_EVENTS = ['hire', 'move', 'exit'] as const;

/** One dated event of an HRIS export: a hire or move into a unit, or an exit. */
export class HistoryRow {
  @IsNotEmpty(REQUIRED)
  @MaxLength(100, { message: 'must be at most 100 characters' })
  employee_id: string;

  @IsNotEmpty(REQUIRED)
  @IsCalendarDate(DATE)
  effective_date: string;

  @IsNotEmpty(REQUIRED)
  @IsIn(HISTORY_EVENTS, { message: 'must be hire, move or exit' })
  event: string;

  @ValidateIf((row: HistoryRow) => row.event === 'hire' || row.event === 'move')
  @IsNotEmpty({ message: 'is required for a hire or a move' })
  @MaxLength(100, { message: 'must be at most 100 characters' })
  unit: string;

  /** Only on an exit (history-import.ts reports one on another row). */
  @ValidateIf((row: HistoryRow) => row.event === 'exit')
  @IsNotEmpty({ message: 'is required for an exit' })
  @IsIn(EXIT_TYPES, { message: 'must be voluntary, involuntary or other' })
  exit_type?: string;

  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  name?: string;

  @IsOptional()
  @IsEmail({}, EMAIL)
  @MaxLength(254, { message: 'must be at most 254 characters' })
  email?: string;
}
