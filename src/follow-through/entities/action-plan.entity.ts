import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../../auth/entities/user.entity';
import { Cycle } from '../../cycles/entities/cycle.entity';
import { Unit } from '../../directory/entities/unit.entity';
import { ActionPlanAction } from './action-plan-action.entity';

/**
 * A team's 1–3 commitments after a closed cycle, for a unit whose employee results met the
 * anonymity threshold. One plan per unit and cycle.
 */
@Entity('action_plans')
@Index('uq_action_plans_cycle_unit', ['cycleId', 'unitId'], { unique: true })
@Index('ix_action_plans_unit', ['unitId'])
export class ActionPlan {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_action_plans' })
  id: string;

  @ManyToOne(() => Cycle, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_action_plans_cycle' })
  cycle: Cycle;

  @Column({ type: 'uuid' })
  cycleId: string;

  @ManyToOne(() => Unit, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_action_plans_unit' })
  unit: Unit;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_action_plans_created_by' })
  createdBy: User | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @OneToMany(() => ActionPlanAction, (a) => a.plan)
  actions: ActionPlanAction[];

  /** How many times the plan was emailed to the team; each share is a new round of mail. */
  @Column({ type: 'int', default: 0 })
  shareCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  sharedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
