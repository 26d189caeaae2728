import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const checked = ({ value }: { value: unknown }) => value === 'on' || value === 'true';

/** The single sign-on page's form, as posted. Lists are parsed further by the controller. */
export class SsoSettingsFormDto {
  @Transform(checked)
  @IsBoolean()
  enabled: boolean = false;

  @Transform(trim)
  @IsString()
  @MaxLength(100, { message: 'Keep the provider’s name under 100 characters.' })
  @Matches(/^[^\r\n<>]*$/, { message: 'Write the name on one line, without < or >.' })
  displayName: string = '';

  @Transform(trim)
  @IsString()
  @MaxLength(500, { message: 'The issuer URL is too long.' })
  issuerUrl: string = '';

  @Transform(trim)
  @IsString()
  @MaxLength(500, { message: 'The client ID is too long.' })
  @Matches(/^\S*$/, { message: 'The client ID has no spaces.' })
  clientId: string = '';

  /** Empty keeps the stored secret. */
  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'The client secret is too long.' })
  clientSecret?: string;

  @Transform(checked)
  @IsBoolean()
  clearClientSecret: boolean = false;

  @Transform(trim)
  @IsString()
  @MaxLength(500, { message: 'Too many scopes.' })
  @Matches(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, {
    message: 'Scopes are words separated by single spaces, such as “openid email profile”.',
  })
  scopes: string = 'openid email profile';

  @IsString()
  @MaxLength(5000, { message: 'Too many domains.' })
  allowedDomains: string = '';

  @Transform(trim)
  @IsString()
  @Matches(/^[\x21-\x7e]{1,200}$/, {
    message: 'Name the claim, such as groups or roles (no spaces).',
  })
  roleClaim: string = 'groups';

  @IsString()
  @MaxLength(10000, { message: 'The mapping is too long.' })
  roleMapping: string = '';

  @Transform(checked)
  @IsBoolean()
  ssoOnly: boolean = false;

  @IsString()
  @MaxLength(5000, { message: 'Too many addresses.' })
  breakGlassEmails: string = '';
}
