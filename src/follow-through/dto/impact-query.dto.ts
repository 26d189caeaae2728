import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ImpactQueryDto {
  @ApiPropertyOptional({
    description: 'One cycle (id or period label), compared with the one before',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  cycle?: string;

  @ApiPropertyOptional({ description: 'First cycle of a range (id or period label)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  from?: string;

  @ApiPropertyOptional({ description: 'Last cycle of a range (id or period label)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  to?: string;
}
