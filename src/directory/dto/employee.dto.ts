import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { EXIT_TYPES, ExitType } from '../entities/employee.entity';
import { IsSurveyLanguage } from '../survey-language';
import {
  blankToNull,
  IsCalendarDate,
  IsOnOrAfter,
  lowerTrim,
  toBoolean,
  trim,
} from '../../common/validators';

export class CreateEmployeeDto {
  @ApiPropertyOptional({
    type: String,
    example: 'ana.silva@example.com',
    nullable: true,
    description: 'Blank or null for staff without an address (they answer with a printed code)',
  })
  @Transform(({ value }) => lowerTrim({ value: blankToNull({ value }) }))
  @IsOptional()
  @IsEmail({}, { message: 'Enter a valid email address.' })
  @MaxLength(254)
  email?: string | null;

  @ApiProperty({ example: 'Ana Silva' })
  @Transform(trim)
  @IsString({ message: 'Enter a name.' })
  @MinLength(1, { message: 'Enter a name.' })
  @MaxLength(200)
  name: string;

  @ApiProperty({ format: 'uuid', description: 'The unit the employee works in' })
  @IsUUID('all', { message: 'Choose a unit.' })
  unitId: string;

  @ApiPropertyOptional({ type: String, example: 'E-10442', nullable: true })
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(100, { message: 'Keep the external id under 100 characters.' })
  externalId?: string | null;

  @ApiProperty({ example: '2021-03-01', format: 'date' })
  @IsCalendarDate({ message: 'Enter the hire date as YYYY-MM-DD.' })
  hireDate: string;

  @ApiPropertyOptional({ type: String, example: '2024-06-30', format: 'date', nullable: true })
  @IsOptional()
  @Transform(blankToNull)
  @IsCalendarDate({ message: 'Enter the exit date as YYYY-MM-DD.' })
  @IsOnOrAfter('hireDate', { message: 'The exit date cannot be before the hire date.' })
  exitDate?: string | null;

  @ApiPropertyOptional({
    enum: EXIT_TYPES,
    nullable: true,
    description: 'Required with an exit date',
  })
  @Transform(blankToNull)
  @ValidateIf((o: CreateEmployeeDto) => !!o.exitDate || (o.exitType ?? null) !== null)
  @IsIn(EXIT_TYPES, { message: 'Say whether the exit was voluntary, involuntary or other.' })
  exitType?: ExitType | null;

  @ApiPropertyOptional({ default: false, description: 'Works with customers' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  customerFacing?: boolean;

  @IsSurveyLanguage()
  language?: string | null;
}

/** Any subset of the fields; a new unitId moves the employee. */
export class UpdateEmployeeDto extends PartialType(CreateEmployeeDto) {}

export class EmployeeResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) externalId: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ format: 'date' }) hireDate: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) exitDate: string | null;
  @ApiProperty({ enum: EXIT_TYPES, nullable: true }) exitType: ExitType | null;
  @ApiProperty() customerFacing: boolean;
  @ApiProperty({ type: String, nullable: true }) language: string | null;
  @ApiProperty({ nullable: true }) deactivatedAt: Date | null;
}
