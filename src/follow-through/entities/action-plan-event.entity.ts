import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../auth/entities/user.entity';
import { ActionPlanAction } from './action-plan-action.entity';
import { ActionPlan } from './action-plan.entity';

export const ACTION_PLAN_EVENT_KINDS = [
  'created',
  'action_added',
  'action_updated',
  'status_changed',
  'shared',
] as const;
export type ActionPlanEventKind = (typeof ACTION_PLAN_EVENT_KINDS)[number];

/** The plan's trail: creation, every action change and status update, shares; who and when. */
@Entity('action_plan_events')
@Index('ix_action_plan_events_plan', ['planId', 'id'])
export class ActionPlanEvent {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_action_plan_events',
  })
  id: string;

  @ManyToOne(() => ActionPlan, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_action_plan_events_plan' })
  plan: ActionPlan;

  @Column({ type: 'uuid' })
  planId: string;

  @ManyToOne(() => ActionPlanAction, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_action_plan_events_action' })
  action: ActionPlanAction | null;

  @Column({ type: 'uuid', nullable: true })
  actionId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_action_plan_events_actor' })
  actor: User | null;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text', nullable: true })
  actorName: string | null;

  @Column({ type: 'text' })
  kind: ActionPlanEventKind;

  @Column({ type: 'text', nullable: true })
  fromState: string | null;

  @Column({ type: 'text', nullable: true })
  toState: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;
}
