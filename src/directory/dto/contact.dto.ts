import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { lowerTrim, toBoolean, trim } from '../../common/validators';
import { IsSurveyLanguage } from '../survey-language';

export class CreateContactDto {
  @ApiProperty({ example: 'buyer@harbour.example' })
  @Transform(lowerTrim)
  @IsEmail({}, { message: 'Enter a valid email address.' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Sam Okafor' })
  @Transform(trim)
  @IsString({ message: 'Enter a name.' })
  @MinLength(1, { message: 'Enter a name.' })
  @MaxLength(200)
  name: string;

  @ApiProperty({ format: 'uuid', description: 'The customer account the contact belongs to' })
  @IsUUID('all', { message: 'Choose the customer account.' })
  accountId: string;

  @ApiPropertyOptional({ default: true, description: 'Receives relationship surveys' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  subscribed?: boolean;

  @IsSurveyLanguage()
  language?: string | null;
}

/** Any subset of the fields; a new accountId moves the contact to another account. */
export class UpdateContactDto extends PartialType(CreateContactDto) {}

export class ContactResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() subscribed: boolean;
  @ApiProperty({ nullable: true }) unsubscribedAt: Date | null;
  @ApiProperty({ nullable: true }) deactivatedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) language: string | null;
}
