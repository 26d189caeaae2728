import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  LinkageMetricsQueryDto,
  LinkageRangeQueryDto,
} from '../../analytics/dto/linkage-query.dto';

/** The linkage report pages: the metric pair, the cycle range, and the heatmap page. */
export class ReportPageQueryDto extends LinkageRangeQueryDto {
  @IsOptional()
  @Matches(/^\d{1,6}$/)
  page?: string;
}

/** A unit dashboard: which cycle (id or period label; default the latest). */
export class UnitDashboardQueryDto {
  @ApiPropertyOptional({
    example: '2025-Q3',
    description: 'Cycle id or period label. Default: the latest open or closed cycle.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cycle?: string;
}

export { LinkageMetricsQueryDto, LinkageRangeQueryDto };
