import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ROLES, Role } from '../roles';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const blankToNull = ({ value }: { value: unknown }) => (value === '' ? null : value);

export class LoginDto {
  @Transform(trim)
  @IsEmail({}, { message: 'Enter the email address you sign in with.' })
  email: string = '';

  @IsString()
  @MinLength(1, { message: 'Enter your password.' })
  password: string = '';

  @IsOptional()
  @IsString()
  next?: string;
}

export class ChangePasswordDto {
  @IsString()
  @MinLength(1, { message: 'Enter your current password.' })
  current: string = '';

  @IsString()
  @MinLength(12, { message: 'Choose a password of at least 12 characters.' })
  @MaxLength(200)
  next: string = '';

  @IsString()
  @ValidateIf((o: ChangePasswordDto) => o.confirm !== o.next)
  @IsIn(['__never__'], { message: 'The two new passwords do not match.' })
  confirm: string = '';
}

export class InviteUserDto {
  @Transform(trim)
  @IsEmail({}, { message: 'Enter a valid email address.' })
  email: string = '';

  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'Enter a name.' })
  @MaxLength(200)
  name: string = '';

  @IsIn(ROLES, { message: 'Choose a role.' })
  role: Role = 'hr';

  @Transform(blankToNull)
  @ValidateIf((o: InviteUserDto) => o.role === 'manager')
  @IsUUID('all', { message: 'A manager needs the unit they manage.' })
  unitId: string | null = null;
}

export class ChangeRoleDto {
  @IsIn(ROLES, { message: 'Choose a role.' })
  role: Role = 'hr';

  @Transform(blankToNull)
  @ValidateIf((o: ChangeRoleDto) => o.role === 'manager')
  @IsUUID('all', { message: 'A manager needs the unit they manage.' })
  unitId: string | null = null;
}

export class CreateApiKeyDto {
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'Name the key, e.g. "HRIS sync".' })
  @MaxLength(100)
  name: string = '';
}

export class ForgotPasswordDto {
  @Transform(trim)
  @IsEmail({}, { message: 'Enter the email address you sign in with.' })
  @MaxLength(320)
  email: string = '';
}

export class SetPasswordDto {
  @IsString()
  @MinLength(12, { message: 'Choose a password of at least 12 characters.' })
  @MaxLength(200)
  next: string = '';

  @IsString()
  @ValidateIf((o: SetPasswordDto) => o.confirm !== o.next)
  @IsIn(['__never__'], { message: 'The two passwords do not match.' })
  confirm: string = '';
}
