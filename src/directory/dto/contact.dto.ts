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
} from 'class-validator';
import { lowerTrim, toBoolean, trim } from '../../common/validators';
import { availableLanguages } from '../../respond/i18n';

const LANGUAGES = availableLanguages().map((l) => l.code);

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

  @ApiPropertyOptional({
    enum: LANGUAGES,
    nullable: true,
    description: 'Language of their surveys and emails; null or blank: the company default',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === '' ? null : value))
  @IsIn(LANGUAGES, { message: `Choose one of ${LANGUAGES.join(', ')}, or none.` })
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
  @ApiProperty({ nullable: true }) language: string | null;
}
