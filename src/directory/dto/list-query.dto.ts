import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { trim } from './validators';

export const LIST_STATUSES = ['active', 'inactive', 'exited', 'churned', 'all'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

/** Paging, search and sorting shared by every directory list (pages, CSV export and API). */
export class ListQueryDto {
  @ApiPropertyOptional({ description: 'Search in names, emails and external ids' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;

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
