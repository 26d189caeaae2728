import { ApiProperty } from '@nestjs/swagger';
import { LinkageReportDto } from '../../analytics/dto/linkage-report.dto';

/** OpenAPI description of the reports JSON (the service returns plain objects of this shape). */

const HIDDEN_NOTE =
  'Employee figures are `{ hidden: false, value }` or `{ hidden: true, code, reason }` (fewer than ANONYMITY_MIN responses, or hidden so that a smaller group cannot be worked out by subtraction).';

class CycleRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2025-Q3' }) label: string;
  @ApiProperty({ example: '2025-07-01' }) periodStart: string;
  @ApiProperty({ example: '2025-09-30' }) periodEnd: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
}

class GroupDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'null: the whole company.',
  })
  unitId: string | null;
  @ApiProperty({ example: 'Whole company' }) name: string;
}

class TrendDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) unitId: string | null;
  @ApiProperty() name: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: `One point per cycle: cycle, employeeResponses, employeeHidden, employee (figures by metric), turnoverRate, voluntaryTurnoverRate (annualized proportions; null when the group is hidden), customerResponses, customer (NPS, CSAT, relationship index). ${HIDDEN_NOTE}`,
  })
  points: object[];
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Set when the cycles used different surveys: the trend is computed from the items all of them asked, and this says which.',
  })
  instrumentNote: string | null;
}

export class LinkageReportDataDto {
  @ApiProperty({ enum: ['cycle', 'range'] }) kind: string;
  @ApiProperty({ enum: [true], description: 'Always true here: every cycle covered is closed.' })
  resultsAvailable: true;
  @ApiProperty({ type: GroupDto, description: "The company, or a manager's own unit." })
  group: GroupDto;
  @ApiProperty({ type: LinkageReportDto, description: 'The linkage analysis, as /api/v1/linkage.' })
  linkage: LinkageReportDto;
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: `Results by unit in the focus cycle: cycle, thresholds, employeeMetrics, customerMetrics, rows (the group first, then its units depth-first, each with depth, responses and figures). ${HIDDEN_NOTE}`,
  })
  heatmap: object | null;
  @ApiProperty({ type: TrendDto }) trend: TrendDto;
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description:
      'Invitations sent and answered in the focus cycle for the group and per unit (counts only), with response rates.',
  })
  responseRates: object | null;
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description:
      'Employee comments of the group when it has at least COMMENT_MIN responses and is not hidden to protect a smaller group: a sample per text question with the total count; otherwise a hidden figure with its reason.',
  })
  comments: object | null;
}

class UnitRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId: string | null;
  @ApiProperty({ description: "Whether the reader may open the parent unit's dashboard." })
  parentVisible: boolean;
}

class ParticipationCycleDto extends CycleRefDto {
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closesAt: string | null;
}

/** What a report of a cycle that is still open returns instead of results. */
export class ParticipationReportDto {
  @ApiProperty({ enum: ['participation'] }) kind: string;
  @ApiProperty({ enum: [false] }) resultsAvailable: false;
  @ApiProperty({ type: ParticipationCycleDto }) cycle: ParticipationCycleDto;
  @ApiProperty({
    example:
      'Results of 2025-Q3 appear when the cycle closes on 30 September 2025; until then only participation (invitations sent, responses counted, response rates) is shown.',
  })
  message: string;
  @ApiProperty({ type: GroupDto }) group: GroupDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Invitations sent and answered so far for the group and per unit (counts from invitations only), with response rates.',
  })
  responseRates: object;
}

/** A unit dashboard of an open cycle: participation only, with the cycle picker. */
export class UnitParticipationDto extends ParticipationReportDto {
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ type: [CycleRefDto] }) cycles: CycleRefDto[];
}

export class UnitDashboardDto {
  @ApiProperty({ enum: [true] }) resultsAvailable: true;
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ type: CycleRefDto }) cycle: CycleRefDto;
  @ApiProperty({ type: [CycleRefDto] }) cycles: CycleRefDto[];
  @ApiProperty({ example: { anonymityMin: 5, commentMin: 10 } }) thresholds: object;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) employeeMetrics: object[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) customerMetrics: object[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: `The unit's whole subtree. ${HIDDEN_NOTE}`,
  })
  unitFigures: object;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The whole company.' })
  companyFigures: object;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'Each employee item: % favorable (eNPS for 0–10 items) for the unit and the company.',
  })
  items: object[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Units in the subtree.' })
  heatmap: object;
  @ApiProperty({ example: { unit: { points: [] }, company: { points: [] } } }) trend: object;
  @ApiProperty({ type: 'object', additionalProperties: true }) responseRates: object;
  @ApiProperty({ type: 'object', additionalProperties: true }) comments: object;
}
