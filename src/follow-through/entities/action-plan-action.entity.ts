import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ActionPlan } from './action-plan.entity';

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** One commitment: what, who owns it, by when. A plan holds at most three (positions 1–3). */
@Entity('action_plan_actions')
@Index('uq_action_plan_actions_position', ['planId', 'position'], { unique: true })
@Check('ck_action_plan_actions_position', `position BETWEEN 1 AND 3`)
@Check('ck_action_plan_actions_status', `status IN ('planned', 'in_progress', 'done', 'dropped')`)
export class ActionPlanAction {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_action_plan_actions' })
  id: string;

  @ManyToOne(() => ActionPlan, (p) => p.actions, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_action_plan_actions_plan' })
  plan: ActionPlan;

  @Column({ type: 'uuid' })
  planId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  what: string;

  /** Who owns the action (a name; it need not be a Tandem user). */
  @Column({ type: 'text' })
  owner: string;

  @Column({ type: 'date' })
  dueOn: string;

  /** The employee dimension it answers, e.g. 'enablement'. */
  @Column({ type: 'text', nullable: true })
  dimension: string | null;

  @Column({ type: 'text', default: 'planned' })
  status: ActionStatus;

  @Column({ type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
