import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTION_STATUSES, ActionStatus } from '../entities/action-plan-action.entity';
import { ACTION_PLAN_EVENT_KINDS } from '../entities/action-plan-event.entity';
import { FOLLOW_UP_EVENT_KINDS } from '../entities/follow-up-event.entity';
import {
  FOLLOW_UP_REASONS,
  FOLLOW_UP_STATES,
  FollowUpReason,
  FollowUpState,
  HEARD_YOU_STATES,
  HeardYouState,
} from '../entities/follow-up.entity';

/** OpenAPI shapes of what the follow-through API returns. */

export class FollowUpItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: FOLLOW_UP_STATES }) state: FollowUpState;
  @ApiProperty() stateLabel: string;
  @ApiProperty({ description: 'Unresolved and past its due time' }) overdue: boolean;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) accountId: string | null;
  @ApiProperty({ nullable: true, type: String }) accountName: string | null;
  @ApiProperty({ nullable: true, type: String }) contactName: string | null;
  @ApiProperty() cycleLabel: string;
  @ApiProperty({ enum: FOLLOW_UP_REASONS, isArray: true }) reasons: FollowUpReason[];
  @ApiProperty() reasonsText: string;
  @ApiProperty({ nullable: true, type: Number, description: '0–10' }) nps: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '1–5' }) csat: number | null;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ description: 'When the customer answered' }) openedAt: Date;
  @ApiProperty() dueAt: Date;
  @ApiProperty({ nullable: true, type: String }) assigneeName: string | null;
  @ApiProperty({ nullable: true, type: Date }) resolvedAt: Date | null;
  @ApiProperty({ nullable: true, type: Boolean }) resolvedOnTime: boolean | null;
}

export class FollowUpPageDto {
  @ApiProperty({ type: [FollowUpItemDto] }) items: FollowUpItemDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pages: number;
  @ApiProperty() pageSize: number;
}

export class FollowUpEventDto {
  @ApiProperty() id: string;
  @ApiProperty() at: Date;
  @ApiProperty({ enum: FOLLOW_UP_EVENT_KINDS }) kind: string;
  @ApiProperty({ nullable: true, type: String, description: 'null: Tandem itself' })
  actorName: string | null;
  @ApiProperty({ nullable: true, type: String }) fromState: string | null;
  @ApiProperty({ nullable: true, type: String }) toState: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: Object }) data: Record<string, unknown>;
}

class AnswerDto {
  @ApiProperty() question: string;
  @ApiProperty() answer: string;
}

class PersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional() relationship?: boolean;
}

export class FollowUpDetailDto extends FollowUpItemDto {
  @ApiProperty({ nullable: true, type: String }) contactEmail: string | null;
  @ApiProperty({ description: 'The customer can still receive email' }) contactReachable: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigneeId: string | null;
  @ApiProperty({ nullable: true, type: String }) resolution: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedByName: string | null;
  @ApiProperty({ enum: HEARD_YOU_STATES, nullable: true }) heardYou: HeardYouState | null;
  @ApiProperty({ type: [AnswerDto] }) answers: AnswerDto[];
  @ApiProperty({ type: [PersonDto] }) relationshipEmployees: PersonDto[];
  @ApiProperty({ type: [PersonDto] }) assignable: PersonDto[];
  @ApiProperty({ type: [FollowUpEventDto] }) events: FollowUpEventDto[];
  @ApiProperty({ enum: ['assign', 'contact', 'resolve', 'note'], isArray: true }) actions: string[];
}

export class ResolveOutcomeDto {
  @ApiProperty({ enum: ['queued', 'suppressed', 'not-requested'] }) heardYou: string;
  @ApiProperty({ type: FollowUpDetailDto }) followUp: FollowUpDetailDto;
}

export class PlanSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) cycleId: string;
  @ApiProperty() cycleLabel: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ nullable: true, type: String }) createdByName: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) sharedAt: Date | null;
  @ApiProperty() shareCount: number;
  @ApiProperty() actions: number;
  @ApiProperty() done: number;
  @ApiProperty({ description: 'Actions past their due date and not done' }) overdue: number;
  @ApiProperty() completed: boolean;
}

export class PlanPageDto {
  @ApiProperty({ type: [PlanSummaryDto] }) items: PlanSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pages: number;
  @ApiProperty() pageSize: number;
}

export class PlanActionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ minimum: 1, maximum: 3 }) position: number;
  @ApiProperty() what: string;
  @ApiProperty() owner: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ nullable: true, type: String }) dimension: string | null;
  @ApiProperty({ enum: ACTION_STATUSES }) status: ActionStatus;
  @ApiProperty({ nullable: true, type: Date }) doneAt: Date | null;
  @ApiProperty() overdue: boolean;
}

export class PlanEventDto {
  @ApiProperty() id: string;
  @ApiProperty() at: Date;
  @ApiProperty({ enum: ACTION_PLAN_EVENT_KINDS }) kind: string;
  @ApiProperty({ nullable: true, type: String }) actorName: string | null;
  @ApiProperty({ nullable: true, type: Number }) actionPosition: number | null;
  @ApiProperty({ nullable: true, type: String }) fromState: string | null;
  @ApiProperty({ nullable: true, type: String }) toState: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ type: Object }) data: Record<string, unknown>;
}

export class DimensionScoreDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'Index 0–100' }) value: number;
  @ApiProperty({ nullable: true, type: Number }) favorable: number | null;
}

export class PlanBasisDto {
  @ApiProperty({ description: 'Employee results met the anonymity threshold' }) eligible: boolean;
  @ApiProperty() responses: number;
  @ApiPropertyOptional({ type: [DimensionScoreDto], description: 'Lowest first' })
  dimensions?: DimensionScoreDto[];
  @ApiPropertyOptional({ description: 'Why there is nothing to plan from' }) reason?: string;
}

export class PlanDetailDto extends PlanSummaryDto {
  @ApiProperty({ type: [PlanActionDto] }) actionItems: PlanActionDto[];
  @ApiProperty({ type: [PlanEventDto] }) events: PlanEventDto[];
  @ApiProperty({ type: PlanBasisDto }) basis: PlanBasisDto;
}

export class ShareOutcomeDto {
  @ApiProperty({ description: 'Employees the plan is being emailed to' }) recipients: number;
}
