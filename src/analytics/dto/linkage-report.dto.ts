import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI description of the linkage JSON (the service returns plain objects of this shape). */

class CycleSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2025-Q3' }) label: string;
  @ApiProperty({ example: '2025-07-01' }) periodStart: string;
  @ApiProperty({ example: '2025-09-30' }) periodEnd: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
}

export class WithheldCycleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2025-Q4' }) label: string;
  @ApiProperty({ example: 'open' }) status: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closesAt: string | null;
  @ApiProperty({
    example:
      'Results of 2025-Q4 appear when the cycle closes on 15 December 2025; until then only participation (invitations sent, responses counted, response rates) is shown.',
  })
  message: string;
}

class MetricLabelDto {
  @ApiProperty({ example: 'engagement' }) key: string;
  @ApiProperty({ example: 'Engagement index' }) label: string;
}

class MetricListsDto {
  @ApiProperty({ type: [MetricLabelDto] }) employee: MetricLabelDto[];
  @ApiProperty({ type: [MetricLabelDto] }) customer: MetricLabelDto[];
}

class PrimaryPairDto {
  @ApiProperty({ example: 'engagement' }) employeeMetric: string;
  @ApiProperty({ example: 'nps' }) customerMetric: string;
}

class HiddenFigureDto {
  @ApiProperty({ enum: [true] }) hidden: true;
  @ApiProperty({ enum: ['no-responses', 'below-threshold', 'complementary'] }) code: string;
  @ApiProperty({ example: 'Fewer than 5 responses: hidden to protect anonymity.' }) reason: string;
}

class LinkageUnitPointDto {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty() employeeResponses: number;
  @ApiProperty() customerResponses: number;
  @ApiProperty({
    description: 'Whether the unit met both response thresholds and entered the analysis.',
  })
  included: boolean;
  @ApiProperty({
    description:
      '`{ hidden: false, metrics: { engagement: 71.2, enps: null, ... }, hiddenMetrics: { enps: {hidden, code, reason} } }`, or a hidden figure when the unit has fewer than ANONYMITY_MIN responses or hiding it protects a smaller group. A single metric answered by too few people is null, with its reason in hiddenMetrics.',
    oneOf: [{ $ref: '#/components/schemas/HiddenFigureDto' }, { type: 'object' }],
  })
  employee: object;
  @ApiProperty({
    example: { metrics: { nps: 31, csat: 82.5, relationshipIndex: 70.1, churnRate: 0.04 } },
  })
  customer: object;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Average daily headcount over the period.',
  })
  headcount: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Annualized turnover over the period (proportion).',
  })
  turnoverRate: number | null;
  @ApiProperty({ type: Number, nullable: true }) voluntaryTurnoverRate: number | null;
}

export class LinkageReportDto {
  @ApiProperty({
    type: [CycleSummaryDto],
    description: 'The closed cycles analysed, by period start.',
  })
  cycles: CycleSummaryDto[];
  @ApiProperty({
    type: [WithheldCycleDto],
    description:
      'Open cycles in the range asked for: no answer-derived figure of a cycle exists until it closes, so they are left out of the analysis.',
  })
  withheld: WithheldCycleDto[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) focusCycleId: string | null;
  @ApiPropertyOptional({
    nullable: true,
    description: "A manager's subtree; null for the whole company.",
  })
  scope: { unitId: string } | null;
  @ApiProperty({ type: PrimaryPairDto }) primary: PrimaryPairDto;
  @ApiProperty({ type: MetricListsDto }) metrics: MetricListsDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The full analysis: status, focusCycle, thresholds, units {included, excluded with reasons}, power, pairs (Pearson r, Fisher CI, p, Spearman, bootstrap CI, partial r for unit size) for every employee × customer metric, turnover pairs, crossLagged comparisons with Steiger tests, drivers with BH q-values, aggregation checks per unit (r_wg(j) over the items of the aggregated scale, ICC(1) with k = N/G and ICC(2) as multilevel::ICC1/ICC2; icc1EffectiveSize is the ANOVA-k0 variant, a second figure only), agreement (the aggregated scale’s r_wg(j) summary and ICCs), panel (over every closed cycle of the range with adequate coverage: betweenWithin {within, between: {estimate, se, ci}, units, rows, varUnit, varResidual, reading, sentence}, lagged {forward, reverse: {std, ci, raw}, difference {estimate, ci}, direction, rows, units, pairs}, quartileGaps {q1, q3, gaps: NPS, CSAT, turnover with Welch CIs, leaverCost when LEAVER_COST is set}) and a plain-language verdict. Numbers are unrounded. Anything not computable is `{ status: "insufficient", reason }`.',
  })
  analysis: object;
  @ApiProperty({
    type: [LinkageUnitPointDto],
    description: "Focus cycle's units, for scatter plots.",
  })
  units: LinkageUnitPointDto[];
}

export class UnitResultsDto {
  @ApiProperty({ type: CycleSummaryDto }) cycle: CycleSummaryDto;
  @ApiProperty({ example: { anonymityMin: 5, commentMin: 10 } }) thresholds: object;
  @ApiProperty({ type: MetricListsDto }) metrics: MetricListsDto;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Employee items (key, label, kind, dimension).',
  })
  items: object[];
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'Whole-company row (when not limited to a subtree).',
  })
  total: object | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'One row per unit of the subtree, depth-first: responses, employee figures rolled up over the subtree (or a hidden figure with its reason), comment visibility, customer figures.',
  })
  units: object[];
}

export { HiddenFigureDto };
