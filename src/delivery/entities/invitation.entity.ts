import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Cycle } from '../../cycles/entities/cycle.entity';
import type { Audience } from '../../surveys/entities/survey.entity';

export const DELIVERY_STATES = ['queued', 'sent', 'failed', 'bounced'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * One recipient in one cycle. For employees it records only THAT the survey was answered
 * (`responded`), never when or which response: responses carry no invitation id.
 */
@Entity('invitations')
@Index('uq_invitations_cycle_employee', ['cycleId', 'employeeId'], {
  unique: true,
  where: 'employee_id IS NOT NULL',
})
@Index('uq_invitations_cycle_contact', ['cycleId', 'contactId'], {
  unique: true,
  where: 'contact_id IS NOT NULL',
})
@Index('ix_invitations_cycle_unit', ['cycleId', 'unitId'])
export class Invitation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_invitations' })
  id: string;

  @ManyToOne(() => Cycle, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_invitations_cycle' })
  cycle: Cycle;

  @Column({ type: 'uuid' })
  cycleId: string;

  @Column({ type: 'text' })
  audience: Audience;

  @Column({ type: 'uuid', nullable: true })
  employeeId: string | null;

  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ type: 'uuid', nullable: true })
  accountId: string | null;

  /** The unit at send time (snapshot). */
  @Column({ type: 'uuid' })
  unitId: string;

  /** The address at send time (snapshot); null: never mailed, reached by a printed code. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', default: '' })
  recipientName: string;

  /** The person's language at launch; null: the company's default when the email is sent. */
  @Column({ type: 'text', nullable: true })
  language: string | null;

  /** Coarse tenure at launch, copied into the anonymous response: '<1y', '1-3y', '3-5y', '5y+'. */
  @Column({ type: 'text', nullable: true })
  tenureBand: string | null;

  @Column({ type: 'text', default: 'queued' })
  deliveryState: DeliveryState;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /**
   * Set just before a message is handed to SMTP and cleared once the outcome is recorded: a
   * second worker leaves the invitation alone while it is set (a lease, so a crash frees it).
   */
  @Column({ type: 'timestamptz', nullable: true })
  sendingUntil: Date | null;

  @Column({ type: 'int', default: 0 })
  remindersSent: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastRemindedAt: Date | null;

  @Column({ type: 'boolean', default: false })
  responded: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  unsubscribedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
