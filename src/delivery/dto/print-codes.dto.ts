import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';

/** Checkboxes post one value as a string and several as an array. */
const toArray = ({ value }: { value: unknown }): unknown[] =>
  Array.isArray(value) ? (value as unknown[]) : value === undefined || value === '' ? [] : [value];

export const CODE_AUDIENCES = ['without_email', 'everyone'] as const;

/** The code sheet form: units (and whom in them) and people named one a line. */
export class PrintCodesDto {
  @Transform(toArray)
  @IsArray()
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true, message: 'Choose units from the list.' })
  unitIds: string[] = [];

  @IsIn(CODE_AUDIENCES, { message: 'Say whom in the units the codes are for.' })
  who: (typeof CODE_AUDIENCES)[number] = 'without_email';

  @IsOptional()
  @IsString()
  @MaxLength(100_000, { message: 'Name at most a few thousand people at a time.' })
  people?: string;
}

/** The lines of the people field: external ids or emails. */
export function peopleOf(dto: PrintCodesDto): string[] {
  return (dto.people ?? '')
    .split(/[\r\n,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
}
