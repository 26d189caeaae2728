import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { toBoolean } from '../../common/validators';
import { QUESTION_KINDS } from '../../surveys/entities/question.entity';
import { AUDIENCES } from '../../surveys/entities/survey.entity';

/** OpenAPI and validation shapes of POST /api/v1/imports/responses. */

const MAPPING_EXAMPLE = { employee: { q1_proud: 'eng_proud', notes: null }, customer: {} };

export class ResponseImportQueryDto {
  @ApiPropertyOptional({
    default: false,
    description:
      'Only check the input and return the preview (mapping, samples, errors); write nothing',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun?: boolean;
}

export class JsonResponseDto {
  @ApiProperty({ example: '2024-H1' }) @IsString() @MaxLength(200) cycleLabel: string;
  @ApiProperty({ format: 'date', example: '2024-01-01' }) @IsString() periodStart: string;
  @ApiProperty({ format: 'date', example: '2024-06-30' }) @IsString() periodEnd: string;
  @ApiProperty({ enum: AUDIENCES }) @IsString() respondentType: string;
  @ApiProperty({ example: 'BR-01' }) @IsString() @MaxLength(200) unitExternalId: string;

  @ApiPropertyOptional({
    description: 'Groups nothing here (one object is one response); only checked for repeats',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  responseId?: string;

  @ApiProperty({
    description:
      'The answers by the source tool\'s keys (mapped onto the survey\'s items); numbers or text, null or "" for a skipped question',
    example: { q1_proud: 4, q2_energy: 5, comment: 'More training' },
    type: 'object',
    additionalProperties: true,
  })
  @IsObject()
  answers: Record<string, unknown>;
}

export class ResponseImportRequestDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The employee survey; the built-in pulse when left out',
  })
  @IsOptional()
  @IsUUID()
  employeeSurveyId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The customer survey; the built-in relationship survey when left out',
  })
  @IsOptional()
  @IsUUID()
  customerSurveyId?: string;

  @ApiPropertyOptional({
    description:
      "Per audience, source key (a column, question key or answer key) → item key, or null to ignore the source. Sources whose name matches an item's key or wording map automatically.",
    example: MAPPING_EXAMPLE,
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  mapping?: Record<string, Record<string, string | null>>;

  @ApiPropertyOptional({
    description: 'Per audience, required items the past waves did not ask',
    example: { employee: ['wb_workload'] },
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  notAsked?: Record<string, string[]>;

  @ApiPropertyOptional({ default: false, description: 'Same as the dryRun query parameter' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  @ApiProperty({ type: [JsonResponseDto] })
  @IsArray()
  @ArrayMaxSize(20000)
  @ValidateNested({ each: true })
  @Type(() => JsonResponseDto)
  responses: JsonResponseDto[];
}

class ImportErrorDto {
  @ApiProperty({
    description:
      'Line of the CSV (1 = header), position of the JSON response (1 = first), 0 = the input as a whole',
  })
  line: number;
  @ApiProperty({ description: "The column, key or field the problem is in ('' for a whole row)" })
  column: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional() value?: string;
}

class MappedItemDto {
  @ApiProperty() key: string;
  @ApiProperty() text: string;
  @ApiProperty({ enum: QUESTION_KINDS }) kind: string;
  @ApiProperty({ nullable: true, type: String }) dimension: string | null;
  @ApiProperty() required: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The source mapped onto the item' })
  source: string | null;
  @ApiProperty({ enum: ['matched', 'mapped', 'not-asked', 'missing'] }) status: string;
  @ApiProperty({ description: 'Answers to the item in the input' }) answers: number;
  @ApiProperty({ type: [String], description: 'A few distinct values (none for comments)' })
  samples: string[];
}

class ImportSourceDto {
  @ApiProperty() source: string;
  @ApiProperty({ nullable: true, type: String }) item: string | null;
  @ApiProperty({ enum: ['matched', 'mapped', 'ignored', 'unknown'] }) status: string;
  @ApiProperty() answers: number;
  @ApiProperty({ type: [String] }) samples: string[];
}

class SurveyRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

class AudienceMappingDto {
  @ApiProperty({ enum: AUDIENCES }) audience: string;
  @ApiProperty({ type: SurveyRefDto }) survey: SurveyRefDto;
  @ApiProperty({ description: 'Whether the input has responses of this audience' }) inFile: boolean;
  @ApiProperty({
    type: [MappedItemDto],
    description: "The survey's items in order, with their keys and dimensions",
  })
  items: MappedItemDto[];
  @ApiProperty({ type: [ImportSourceDto] }) sources: ImportSourceDto[];
}

class MappingByAudienceDto {
  @ApiProperty({ type: AudienceMappingDto }) employee: AudienceMappingDto;
  @ApiProperty({ type: AudienceMappingDto }) customer: AudienceMappingDto;
}

class ImportedCycleDto {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'null on a dry run for a cycle not created yet',
  })
  id: string | null;
  @ApiProperty() label: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  @ApiProperty() created: boolean;
  @ApiProperty() employeeResponses: number;
  @ApiProperty() customerResponses: number;
}

export class ResponseImportResultDto {
  @ApiProperty({ description: 'True when the responses were written' }) imported: boolean;
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ enum: ['long', 'wide', 'json'] }) format: string;
  @ApiProperty({ description: 'Data rows (CSV) or responses (JSON)' }) rows: number;
  @ApiProperty({ type: [ImportErrorDto] }) errors: ImportErrorDto[];
  @ApiProperty() errorCount: number;
  @ApiProperty({ type: MappingByAudienceDto }) mapping: MappingByAudienceDto;
  @ApiProperty({ type: [ImportedCycleDto] }) cycles: ImportedCycleDto[];
  @ApiProperty() employeeResponses: number;
  @ApiProperty() customerResponses: number;
}
