import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { dimensionKey } from '../../analytics/stats/dimension-names';
import {
  METRIC_ROLES,
  MetricRole,
  QUESTION_KINDS,
  QuestionKind,
} from '../entities/question.entity';
import { AUDIENCES, Audience } from '../entities/survey.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** A checkbox posts "on" (or nothing); the API posts a boolean. */
const checkbox = ({ value }: { value: unknown }) =>
  value === true || value === 'on' || value === 'true';
/** A dimension name as typed ("Psychological safety") becomes its key; a name without one stays, to fail. */
const dimension = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string' || value.trim() === '') return value;
  return dimensionKey(value) ?? value;
};
/** The form's "none" choice is blank. */
const blankAsNull = ({ value }: { value: unknown }) =>
  value === '' || value === undefined ? null : value;
/** One option per line from the form, or an array from the API. */
const lines = ({ value }: { value: unknown }) =>
  Array.isArray(value)
    ? value.map((v) => String(v).trim()).filter(Boolean)
    : typeof value === 'string'
      ? value
          .split(/\r?\n/)
          .map((v) => v.trim())
          .filter(Boolean)
      : [];

export class QuestionDto {
  @ApiPropertyOptional({
    example: 'eng_proud',
    description: 'Stable key naming the answer; made from the text when blank.',
  })
  @Transform(trim)
  @IsOptional()
  @Matches(/^$|^[a-z][a-z0-9_]{0,39}$/, {
    message: 'Keys use lower-case letters, digits and _, starting with a letter.',
  })
  key?: string;

  @ApiProperty({ enum: QUESTION_KINDS })
  @IsIn(QUESTION_KINDS, { message: 'Choose the kind of question.' })
  kind: QuestionKind = 'likert5';

  @ApiProperty({ example: 'I am proud to tell people where I work.' })
  @Transform(trim)
  @IsString()
  @MinLength(3, { message: 'Write the question.' })
  @MaxLength(500)
  text: string = '';

  @ApiPropertyOptional({
    example: 'engagement',
    description:
      'A built-in dimension (engagement, enablement, manager, wellbeing, trust, …) or one the company names itself; "Psychological safety" is stored as psychological_safety.',
  })
  @Transform(dimension)
  @IsOptional()
  @Matches(/^$|^[a-z][a-z0-9_]{0,39}$/, {
    message:
      'Name the dimension with letters, digits and spaces, starting with a letter (at most 40 characters).',
  })
  dimension?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'A 1–5 agreement statement worded against its dimension: scored 6 − answer.',
  })
  @Transform(checkbox)
  @IsBoolean()
  reverseKeyed: boolean = false;

  @ApiPropertyOptional({
    default: false,
    description:
      'Employee surveys: offer "Prefer not to say" (not on text questions). Chosen, the question counts as not answered and nothing is stored.',
  })
  @Transform(checkbox)
  @IsBoolean()
  preferNotToSay: boolean = false;

  @ApiPropertyOptional({
    enum: METRIC_ROLES,
    nullable: true,
    description:
      'recommend: the eNPS/NPS item (a 0–10 question); csat: the CSAT item (a 1–5 rating, customer surveys). One of each per survey at most.',
  })
  @Transform(blankAsNull)
  @IsOptional()
  @IsIn(METRIC_ROLES, { message: 'Choose what the question measures.' })
  metricRole: MetricRole | null = null;

  @ApiPropertyOptional({ default: false })
  @Transform(checkbox)
  @IsBoolean()
  required: boolean = false;

  @ApiPropertyOptional({ type: [String], description: 'Choices of a single_choice question.' })
  @Transform(lines)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  options: string[] = [];
}

export class SurveyDetailsDto {
  @ApiProperty({ example: 'Engagement pulse (short)' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'Name the survey.' })
  @MaxLength(200)
  name: string = '';

  @ApiPropertyOptional()
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description: string = '';
}

export class CreateSurveyDto extends SurveyDetailsDto {
  @ApiProperty({ enum: AUDIENCES })
  @IsIn(AUDIENCES, { message: 'Choose who answers the survey.' })
  audience: Audience = 'employee';

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    description:
      'A survey (e.g. a built-in template) whose questions the new survey starts with; its audience is used.',
  })
  @Transform(blankAsNull)
  @IsOptional()
  @IsUUID('all', { message: 'Choose a survey to start from, or none.' })
  templateId: string | null = null;

  @ApiPropertyOptional({ type: [QuestionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => QuestionDto)
  questions: QuestionDto[] = [];
}

export class MoveQuestionDto {
  @IsIn(['up', 'down'])
  direction: 'up' | 'down' = 'up';
}

export class AddFromBankDto {
  @IsUUID('all', { message: 'Choose an item of the question bank.' })
  questionId: string = '';
}
