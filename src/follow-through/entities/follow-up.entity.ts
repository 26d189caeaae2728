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
import { User } from '../../auth/entities/user.entity';
import { Cycle } from '../../cycles/entities/cycle.entity';
import { Contact } from '../../directory/entities/contact.entity';
import { CustomerAccount } from '../../directory/entities/customer-account.entity';
import { Employee } from '../../directory/entities/employee.entity';
import { Unit } from '../../directory/entities/unit.entity';
import { CustomerResponse } from '../../respond/entities/customer-response.entity';

export const FOLLOW_UP_STATES = ['open', 'assigned', 'contacted', 'resolved'] as const;
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number];

export const FOLLOW_UP_REASONS = ['detractor', 'low_csat', 'comment'] as const;
export type FollowUpReason = (typeof FOLLOW_UP_REASONS)[number];

/** queued → sent | failed; suppressed when the customer had unsubscribed or has no contact. */
export const HEARD_YOU_STATES = ['queued', 'sent', 'failed', 'suppressed'] as const;
export type HeardYouState = (typeof HEARD_YOU_STATES)[number];

/**
 * A customer answer that needs a human: a detractor, a low CSAT or a comment. Owned by the unit
 * that serves the account, with a due date counted in business days and a trail of events.
 */
@Entity('follow_ups')
@Index('uq_follow_ups_response', ['responseId'], { unique: true })
@Index('ix_follow_ups_unit_state', ['unitId', 'state'])
@Index('ix_follow_ups_state_due', ['state', 'dueAt'])
@Index('ix_follow_ups_cycle', ['cycleId'])
@Check('ck_follow_ups_state', `state IN ('open', 'assigned', 'contacted', 'resolved')`)
export class FollowUp {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_follow_ups' })
  id: string;

  @ManyToOne(() => CustomerResponse, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_follow_ups_response' })
  response: CustomerResponse;

  @Column({ type: 'uuid' })
  responseId: string;

  @ManyToOne(() => Cycle, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_follow_ups_cycle' })
  cycle: Cycle;

  @Column({ type: 'uuid' })
  cycleId: string;

  /** The unit serving the account when the follow-up opened. */
  @ManyToOne(() => Unit, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_follow_ups_unit' })
  unit: Unit;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => CustomerAccount, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_follow_ups_account' })
  account: CustomerAccount | null;

  @Column({ type: 'uuid', nullable: true })
  accountId: string | null;

  @ManyToOne(() => Contact, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_follow_ups_contact' })
  contact: Contact | null;

  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  /** Why it needs a human: detractor (NPS 0–6), low_csat (1–2), comment. */
  @Column({ type: 'text', array: true })
  reasons: FollowUpReason[];

  @Column({ type: 'int', nullable: true })
  nps: number | null;

  @Column({ type: 'int', nullable: true })
  csat: number | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'text', default: 'open' })
  state: FollowUpState;

  /** The employee who will get in touch (a relationship employee, usually). */
  @ManyToOne(() => Employee, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_follow_ups_assignee' })
  assignee: Employee | null;

  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  /** When the customer answered. */
  @Column({ type: 'timestamptz' })
  openedAt: Date;

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  contactedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_follow_ups_resolved_by' })
  resolvedBy: User | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedById: string | null;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ type: 'text', nullable: true })
  heardYou: HeardYouState | null;

  /** The short personal line the person added to the "we heard you" email. */
  @Column({ type: 'text', nullable: true })
  heardYouMessage: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  heardYouSentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
