import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  registerDecorator,
  ValidateIf,
  ValidationOptions,
} from 'class-validator';
import { canonicalTimeZone } from '../../common/time-zone';
import { availableLanguages } from '../../respond/i18n';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const LANGUAGES = availableLanguages().map((l) => l.code);
const ONE_LINE = /^[^\r\n]*$/;

export const TIME_ZONE_MESSAGE =
  'Unknown time zone: use an IANA name such as Europe/London or America/Los_Angeles.';
const REPLY_TO_MESSAGE = 'Enter an email address, such as people@example.com, or leave it empty.';
const LANGUAGE_MESSAGE = `Choose one of the available languages (${LANGUAGES.join(', ')}).`;

/** An IANA time zone name this runtime knows ("Asia/Kolkata"); offsets and "PST" are refused. */
export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: TIME_ZONE_MESSAGE, ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !!canonicalTimeZone(value),
      },
    });
}

/** PUT /api/v1/settings: every field optional; null clears a field (or removes the logo). */
export class UpdateSettingsDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Harbor & Pine Bank' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  @Matches(ONE_LINE, { message: 'companyName must be one line' })
  companyName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Harbor & Pine people team' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  @Matches(ONE_LINE, { message: 'mailSenderName must be one line' })
  mailSenderName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'people@example.com' })
  @IsOptional()
  @Transform(trim)
  @ValidateIf((o: UpdateSettingsDto) => o.mailReplyTo !== '')
  @IsEmail({}, { message: 'mailReplyTo must be an email address' })
  @MaxLength(254)
  mailReplyTo?: string | null;

  @ApiPropertyOptional({ example: 'America/Los_Angeles', description: 'IANA time zone name' })
  @IsOptional()
  @IsString()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ example: 'en', enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES, { message: LANGUAGE_MESSAGE })
  defaultLanguage?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'PNG or JPEG of at most 200 kB, in base64 or as a data: URL; null removes the logo. SVG is refused.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(400_000, { message: 'The logo must be at most 200 kB; save a smaller PNG or JPEG.' })
  logo?: string | null;
}

/** The settings page's text fields (the logo comes as a file beside them). */
export class SettingsFormDto {
  @Transform(trim)
  @IsString()
  @MaxLength(200, { message: 'Keep the name under 200 characters.' })
  @Matches(ONE_LINE, { message: 'The name must be one line.' })
  companyName: string = '';

  @Transform(trim)
  @IsString()
  @MaxLength(100, { message: 'Keep the sender name under 100 characters.' })
  @Matches(ONE_LINE, { message: 'The sender name must be one line.' })
  mailSenderName: string = '';

  @Transform(trim)
  @ValidateIf((o: SettingsFormDto) => o.mailReplyTo !== '')
  @IsEmail({}, { message: REPLY_TO_MESSAGE })
  @MaxLength(254, { message: REPLY_TO_MESSAGE })
  mailReplyTo: string = '';

  @Transform(trim)
  @IsString()
  @IsTimeZone()
  timeZone: string = '';

  @IsIn(LANGUAGES, { message: LANGUAGE_MESSAGE })
  defaultLanguage: string = '';

  @IsOptional()
  @IsIn(['on', 'true', '1'])
  removeLogo?: string;
}
