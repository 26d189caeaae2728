import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { trim } from '../../common/validators';
import { PageQueryDto } from '../../common/page-query.dto';

export const LIST_STATUSES = ['active', 'inactive', 'exited', 'churned', 'all'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

/** Paging, search and sorting shared by every directory list (pages, CSV export and API). */
export class ListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Search in names, emails and external ids' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    description: 'Column to sort by, e.g. name, email, unit, hireDate (each list names its own)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  sort?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  dir?: 'asc' | 'desc';

  @ApiPropertyOptional({
    enum: LIST_STATUSES,
    default: 'active',
    description:
      'active (default), inactive (deactivated), exited (employees), churned (accounts) or all',
  })
  @IsOptional()
  @IsIn(LIST_STATUSES)
  status?: ListStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this unit and the units below it' })
  @IsOptional()
  @IsUUID()
  unit?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Contacts: only this customer account' })
  @IsOptional()
  @IsUUID()
  account?: string;
}
