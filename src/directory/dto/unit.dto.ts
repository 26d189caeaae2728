import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { blankToNull, trim } from '../../common/validators';

export class CreateUnitDto {
  @ApiProperty({ example: 'Northern region' })
  @Transform(trim)
  @IsString({ message: 'Enter a name.' })
  @MinLength(1, { message: 'Enter a name.' })
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({
    type: String,
    example: 'NORTH',
    description: 'Your own id for the unit (from the HR system); generated when left out',
  })
  @IsOptional()
  @Transform(blankToNull)
  @IsString()
  @MaxLength(100, { message: 'Keep the external id under 100 characters.' })
  externalId?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The parent unit; null for a top-level unit',
  })
  @IsOptional()
  @Transform(blankToNull)
  @IsUUID('all', { message: 'Choose a unit from the list.' })
  parentId?: string | null;
}

/** Any subset of the fields; a new parentId moves the unit with its whole subtree. */
export class UpdateUnitDto extends PartialType(CreateUnitDto) {}

export class UnitResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() externalId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId: string | null;
  @ApiProperty({ example: '/3f0c…/9a1b…/' }) path: string;
  @ApiProperty({ nullable: true }) deactivatedAt: Date | null;
}
