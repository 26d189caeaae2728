import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { toBoolean } from '../../common/validators';
import { RECURRENCES, Recurrence } from '../entities/cycle.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const blankToNull = ({ value }: { value: unknown }) =>
  value === '' || value === undefined ? null : value;
/** A multi-select posts one value as a string and several as an array. */
const toArray = ({ value }: { value: unknown }): unknown[] =>
  Array.isArray(value) ? (value as unknown[]) : value === undefined || value === '' ? [] : [value];
/** "3, 7" from the form, or [3, 7] from the API. */
const toDays = ({ value }: { value: unknown }) => {
  if (Array.isArray(value)) return value.map(Number);
  if (typeof value !== 'string' || value.trim() === '') return [];
  return value
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((v) => Number(v.replace(/^\+/, '')));
};
/** datetime-local inputs carry no zone: the form labels them UTC. */
export const toUtc = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)
    ? `${value.length === 16 ? `${value}:00` : value}Z`
    : value;

export const PILOT_MESSAGE = 'Pilot is either true or false (a checkbox on the form).';

const REMINDER_DAYS_MESSAGE = 'Reminder days are whole numbers from 1 to 60, e.g. 3, 7.';

export class CreateCycleDto {
  @ApiProperty({ example: 'Spring pulse' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'Name the cycle.' })
  @MaxLength(200)
  name: string = '';

  @ApiProperty({ example: '2026-Q2', description: 'Unique; names the wave in reports.' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'Give a period label such as 2026-Q2.' })
  @MaxLength(100)
  periodLabel: string = '';

  @ApiProperty({ example: '2026-04-01' })
  @IsDateString({ strict: true }, { message: 'Enter the first day of the period.' })
  periodStart: string = '';

  @ApiProperty({ example: '2026-06-30' })
  @IsDateString({ strict: true }, { message: 'Enter the last day of the period.' })
  periodEnd: string = '';

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @Transform(blankToNull)
  @IsOptional()
  @IsUUID('all', { message: 'Choose an employee survey.' })
  employeeSurveyId: string | null = null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @Transform(blankToNull)
  @IsOptional()
  @IsUUID('all', { message: 'Choose a customer survey.' })
  customerSurveyId: string | null = null;

  @ApiProperty({ type: [String], description: 'Target units; their subtrees are included.' })
  @Transform(toArray)
  @IsArray()
  @ArrayMinSize(1, { message: 'Choose at least one unit.' })
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true, message: 'Choose units from the list.' })
  unitIds: string[] = [];

  @ApiProperty({ example: '2026-05-04T08:00:00Z' })
  @Transform(toUtc)
  @IsISO8601({ strict: true }, { message: 'Enter when the cycle opens.' })
  opensAt: string = '';

  @ApiProperty({ example: '2026-05-18T17:00:00Z' })
  @Transform(toUtc)
  @IsISO8601({ strict: true }, { message: 'Enter when the cycle closes.' })
  closesAt: string = '';

  @ApiPropertyOptional({ type: [Number], example: [3, 7], description: 'Days after opening.' })
  @Transform(toDays)
  @IsArray()
  @ArrayMaxSize(5, { message: 'At most five reminders.' })
  @IsInt({ each: true, message: REMINDER_DAYS_MESSAGE })
  @Min(1, { each: true, message: REMINDER_DAYS_MESSAGE })
  @Max(60, { each: true, message: REMINDER_DAYS_MESSAGE })
  reminderDays: number[] = [];

  @ApiPropertyOptional({ enum: RECURRENCES, default: 'none' })
  @IsOptional()
  @IsIn(RECURRENCES, { message: 'Choose how often the cycle repeats.' })
  recurrence: Recurrence = 'none';

  @ApiPropertyOptional({
    default: false,
    description:
      'A pilot on a few units: kept out of company trends, the dashboard headline and the default range; its own report stays reachable.',
  })
  @Transform(toBoolean)
  @IsBoolean({ message: PILOT_MESSAGE })
  pilot: boolean = false;
}

/** Whether a cycle is a pilot; changeable in any state, after close too. */
export class UpdateCyclePilotDto {
  @ApiProperty({
    description:
      'A pilot on a few units: kept out of company trends, the dashboard headline and the default range; its own report stays reachable.',
  })
  @Transform(toBoolean)
  @IsBoolean({ message: PILOT_MESSAGE })
  pilot: boolean = false;
}
