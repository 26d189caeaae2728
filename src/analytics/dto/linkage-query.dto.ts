import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Which pair the headline, drivers and cross-lagged analysis are about. */
export class LinkageMetricsQueryDto {
  @ApiPropertyOptional({
    example: 'engagement',
    description:
      'Employee metric of the primary pair: a dimension index (engagement, enablement, manager, wellbeing) or enps. Default engagement.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  employeeMetric?: string;

  @ApiPropertyOptional({
    example: 'nps',
    description:
      'Customer metric of the primary pair: nps, csat, relationshipIndex or churnRate. Default nps.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  customerMetric?: string;
}

export class LinkageRangeQueryDto extends LinkageMetricsQueryDto {
  @ApiPropertyOptional({
    example: '2025-Q1',
    description:
      'First cycle (id or period label), inclusive. Default: the earliest open or closed cycle.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  from?: string;

  @ApiPropertyOptional({
    example: '2025-Q4',
    description:
      'Last cycle (id or period label), inclusive; the analysis focuses on it. Default: the latest.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  to?: string;
}

export class UnitResultsQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Start at this unit's subtree. Default: the whole company (a manager: their own unit).",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  unitId?: string;
}
