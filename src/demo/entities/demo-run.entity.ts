import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../../auth/entities/user.entity';

export const DEMO_RUN_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type DemoRunStatus = (typeof DEMO_RUN_STATUSES)[number];

/**
 * One "load demo data" request from the dashboard, worked by a background job. The row is the
 * progress the page polls, so it is visible from any app instance.
 */
@Entity('demo_runs')
@Index('ix_demo_runs_created_at', ['createdAt'])
export class DemoRun {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_demo_runs' })
  id: string;

  @Column({ type: 'text', default: 'queued' })
  status: DemoRunStatus;

  @Column({ type: 'text' })
  seed: string;

  /** What the job is doing now, in words. */
  @Column({ type: 'text', default: '' })
  phase: string;

  @Column({ type: 'int', default: 0 })
  done: number;

  @Column({ type: 'int', default: 1 })
  total: number;

  /** Why it failed, for the person who asked. */
  @Column({ type: 'text', nullable: true })
  message: string | null;

  /** Counts of what was created. */
  @Column({ type: 'jsonb', nullable: true })
  summary: Record<string, number> | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_demo_runs_requested_by' })
  requestedBy: User | null;

  @Column({ type: 'uuid', nullable: true })
  requestedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
