import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';
import { IsCalendarDate, IsOnOrAfter } from '../../common/validators';

/** A filter left empty in the form is no filter. */
const blankToUndefined = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

/** Filters and paging of the audit log (page, CSV and GET /api/v1/audit). */
export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Who: part of an email, a user id, an API key id, or "system" for Tandem itself',
  })
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({
    description: 'An action (cycle.close) or an area (cycle: every cycle.* action)',
    example: 'cycle.close',
  })
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^[a-z_]+(\.[a-z_]+)?$/, {
    message: 'must be an action such as cycle.close, or an area such as cycle',
  })
  action?: string;

  @ApiPropertyOptional({
    description: 'What kind of thing was changed: user, cycle, survey, settings, file, …',
  })
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^[a-z_]+$/, { message: 'must be a kind of target such as cycle or user' })
  targetType?: string;

  @ApiPropertyOptional({ description: 'The id of what was changed' })
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @MaxLength(300)
  targetId?: string;

  @ApiPropertyOptional({
    description: 'From this day (YYYY-MM-DD, the company time zone)',
    format: 'date',
  })
  @IsOptional()
  @Transform(blankToUndefined)
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Up to and including this day (YYYY-MM-DD)', format: 'date' })
  @IsOptional()
  @Transform(blankToUndefined)
  @IsCalendarDate()
  @IsOnOrAfter('from', { message: 'must not be before the first day' })
  to?: string;
}
