import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { blankToNull, IsCalendarDate, splitEmails, trim } from '../../common/validators';

export class CreateAccountDto {
  @ApiProperty({ example: 'Harbour Logistics Ltd' })
  @Transform(trim)
  @IsString({ message: 'Enter a name.' })
  @MinLength(1, { message: 'Enter a name.' })
  @MaxLength(200)
  name: string;

  @ApiProperty({ format: 'uuid', description: 'The unit that serves the account' })
  @IsUUID('all', { message: 'Choose the unit that serves this account.' })
  unitId: string;

  @ApiPropertyOptional({
    type: String,
    example: 'ACC-2231',
    description: 'Your own id for the account (from the CRM); generated when left out',
  })
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(100, { message: 'Keep the external id under 100 characters.' })
  externalId?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'The day the account was lost',
  })
  @IsOptional()
  @Transform(blankToNull)
  @IsCalendarDate({ message: 'Enter the churn date as YYYY-MM-DD.' })
  churnDate?: string | null;

  @ApiPropertyOptional({
    type: [String],
    example: ['ana.silva@example.com'],
    description: 'Emails of the employees who look after the account',
  })
  @IsOptional()
  @Transform(({ value }) => splitEmails(value))
  @IsArray()
  @ArrayMaxSize(100)
  @IsEmail({}, { each: true, message: 'Each relationship employee must be an email address.' })
  relationshipEmployeeEmails?: string[];
}

/** Any subset of the fields; a new unitId moves the account to another unit. */
export class UpdateAccountDto extends PartialType(CreateAccountDto) {}

export class AccountResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() externalId: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) churnDate: string | null;
  @ApiProperty({ type: [String] }) relationshipEmployeeEmails: string[];
  @ApiProperty({ nullable: true }) deactivatedAt: Date | null;
}
