import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, trim } from '../../common/validators';
import { ACTION_STATUSES, ActionStatus } from '../entities/action-plan-action.entity';
import { PageQueryDto } from '../../common/page-query.dto';

export class ActionInputDto {
  @ApiProperty({ maxLength: 500, description: 'What the team will do' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'Say what the team will do.' })
  @MaxLength(500)
  what: string;

  @ApiProperty({ maxLength: 200, description: 'Who owns it (a name)' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'Name who owns this action.' })
  @MaxLength(200)
  owner: string;

  @ApiProperty({ format: 'date', example: '2026-03-31' })
  @IsCalendarDate({ message: 'Give a due date.' })
  dueOn: string;

  @ApiPropertyOptional({ description: 'The employee dimension it answers, e.g. enablement' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsString()
  @MaxLength(60)
  dimension?: string;
}

export class CreateActionPlanDto {
  @ApiProperty({ format: 'uuid', description: 'A closed cycle' })
  @IsUUID()
  cycleId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ type: [ActionInputDto], minItems: 1, maxItems: 3 })
  @IsArray()
  @ArrayMinSize(1, { message: 'Commit to at least one action.' })
  @ArrayMaxSize(3, { message: 'A plan holds at most three actions.' })
  @ValidateNested({ each: true })
  @Type(() => ActionInputDto)
  actions: ActionInputDto[];
}

export class UpdateActionDto {
  @ApiPropertyOptional({ enum: ACTION_STATUSES })
  @IsOptional()
  @IsIn(ACTION_STATUSES, { message: 'Choose a status.' })
  status?: ActionStatus;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  what?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  owner?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  dueOn?: string;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Why, for the trail' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class PlanQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Plans after this cycle' })
  @IsOptional()
  @IsUUID()
  cycle?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'This unit and the units below it' })
  @IsOptional()
  @IsUUID()
  unit?: string;
}

export class CoverageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Default: the latest closed cycle' })
  @IsOptional()
  @IsUUID()
  cycle?: string;
}
