import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { toBoolean } from '../../common/validators';

export class ImportQueryDto {
  @ApiPropertyOptional({
    default: false,
    description: 'Only validate and report what would change; write nothing',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun?: boolean;
}
