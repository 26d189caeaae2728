import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { toBoolean, trim } from '../../common/validators';
import { FOLLOW_UP_REASONS, FollowUpReason } from '../entities/follow-up.entity';
import { PageQueryDto } from '../../common/page-query.dto';

export const FOLLOW_UP_FILTERS = [
  'unresolved',
  'open',
  'assigned',
  'contacted',
  'resolved',
  'all',
] as const;
export type FollowUpFilter = (typeof FOLLOW_UP_FILTERS)[number];
export const FOLLOW_UP_SORTS = ['due', 'opened', 'unit', 'state'] as const;

/** Filters, sorting and paging of the follow-up list (page, CSV and API). */
export class FollowUpQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: FOLLOW_UP_FILTERS, default: 'unresolved' })
  @IsOptional()
  @IsIn(FOLLOW_UP_FILTERS)
  state?: FollowUpFilter;

  @ApiPropertyOptional({ description: 'Only unresolved follow-ups past their due time' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'This unit and the units below it' })
  @IsOptional()
  @IsUUID()
  unit?: string;

  @ApiPropertyOptional({ enum: FOLLOW_UP_REASONS })
  @IsOptional()
  @IsIn(FOLLOW_UP_REASONS)
  reason?: FollowUpReason;

  @ApiPropertyOptional({ format: 'uuid', description: 'Answers of this cycle only' })
  @IsOptional()
  @IsUUID()
  cycle?: string;

  @ApiPropertyOptional({ description: 'Search customer, contact and comment' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: FOLLOW_UP_SORTS, default: 'due' })
  @IsOptional()
  @IsIn(FOLLOW_UP_SORTS)
  sort?: (typeof FOLLOW_UP_SORTS)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  dir?: 'asc' | 'desc';
}

export class AssignFollowUpDto {
  @ApiProperty({ format: 'uuid', description: 'An active employee of the serving unit' })
  @IsUUID('all', { message: 'Choose who will get in touch.' })
  assigneeId: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ContactedDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'How the customer was reached' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class FollowUpNoteDto {
  @ApiProperty({ maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'Write the note.' })
  @MaxLength(2000)
  note: string;
}

export class ResolveFollowUpDto {
  @ApiProperty({ maxLength: 2000, description: 'What was done' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'Say what was done.' })
  @MaxLength(2000)
  note: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Send the customer a short "we heard you" email (never to an unsubscribed one)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  sendHeardYou?: boolean;

  @ApiPropertyOptional({ maxLength: 1000, description: 'A personal line for that email' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  message?: string;
}
