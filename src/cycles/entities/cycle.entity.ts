import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Unit } from '../../directory/entities/unit.entity';
import { Survey } from '../../surveys/entities/survey.entity';

export const CYCLE_STATUSES = ['draft', 'scheduled', 'open', 'closed'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];
export const RECURRENCES = ['none', 'monthly', 'quarterly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

/** A paired wave: one employee survey and one customer survey over the same target units. */
@Entity('cycles')
@Index('ix_cycles_period', ['periodStart'])
export class Cycle {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_cycles' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Index('uq_cycles_period_label', { unique: true })
  @Column({ type: 'text' })
  periodLabel: string;

  /** The period the cycle measures (turnover and churn are computed over it). */
  @Column({ type: 'date' })
  periodStart: string;

  @Column({ type: 'date' })
  periodEnd: string;

  @ManyToOne(() => Survey, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_cycles_employee_survey' })
  employeeSurvey: Survey | null;

  @Column({ type: 'uuid', nullable: true })
  employeeSurveyId: string | null;

  @ManyToOne(() => Survey, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_cycles_customer_survey' })
  customerSurvey: Survey | null;

  @Column({ type: 'uuid', nullable: true })
  customerSurveyId: string | null;

  @ManyToMany(() => Unit)
  @JoinTable({
    name: 'cycle_target_units',
    joinColumn: {
      name: 'cycle_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'fk_ctu_cycle',
    },
    inverseJoinColumn: {
      name: 'unit_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'fk_ctu_unit',
    },
  })
  targetUnits: Unit[];

  @Column({ type: 'timestamptz' })
  opensAt: Date;

  @Column({ type: 'timestamptz' })
  closesAt: Date;

  /** Days after opening on which non-responders are reminded, e.g. {3,7}. */
  @Column({ type: 'int', array: true, default: () => "'{}'" })
  reminderDays: number[];

  @Column({ type: 'text', default: 'none' })
  recurrence: Recurrence;

  @Column({ type: 'text', default: 'draft' })
  status: CycleStatus;

  /** Historical waves imported from another tool have no invitations. */
  @Column({ type: 'boolean', default: false })
  imported: boolean;

  /**
   * A pilot run on a few units: its own report stays reachable, but it is kept out of company
   * trends, the dashboard's headline and the default range of the cross-cycle report.
   */
  @Column({ type: 'boolean', default: false })
  pilot: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  launchedAt: Date | null;

  /** When every invitation row exists; a launch that stops before this resumes. */
  @Column({ type: 'timestamptz', nullable: true })
  invitationsCreatedAt: Date | null;

  /** When every initial send is queued; an opening that stops before this resumes. */
  @Column({ type: 'timestamptz', nullable: true })
  sendsQueuedAt: Date | null;

  /** How many reminder rounds have been queued (rounds are reminderDays in order). */
  @Column({ type: 'int', default: 0 })
  reminderRoundsQueued: number;

  /**
   * The last reminder round number handed to delivery, scheduled or sent now: every reminder
   * takes the next number, so delivery's rule (fewer reminders than the round) lets it reach
   * everyone it allows. Without reminders sent now it equals reminderRoundsQueued.
   */
  @Column({ type: 'int', default: 0 })
  reminderRound: number;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @ManyToOne(() => Cycle, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_cycles_previous' })
  previousCycle: Cycle | null;

  @Column({ type: 'uuid', nullable: true })
  previousCycleId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
