import { Transform } from 'class-transformer';
import { IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { EXIT_TYPES, type ExitType } from '../../directory/entities/employee.entity';
import { trim } from '../../common/validators';

export class CreateScimTokenDto {
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'Name the token, e.g. "Entra ID".' })
  @MaxLength(100, { message: 'Keep the name under 100 characters.' })
  name: string = '';

  @IsUUID('all', { message: 'Choose the unit new people start in.' })
  defaultUnitId: string = '';

  @IsIn(EXIT_TYPES, { message: 'Choose the exit type recorded when someone is deactivated.' })
  defaultExitType: ExitType = 'voluntary';
}
