import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../auth/entities/user.entity';
import { FollowUp } from './follow-up.entity';

export const FOLLOW_UP_EVENT_KINDS = [
  'opened',
  'assigned',
  'contacted',
  'resolved',
  'note',
  'heard_you_sent',
  'heard_you_failed',
  'heard_you_suppressed',
] as const;
export type FollowUpEventKind = (typeof FOLLOW_UP_EVENT_KINDS)[number];

/** The trail: every state change and note, with who (null: Tandem itself) and when. */
@Entity('follow_up_events')
@Index('ix_follow_up_events_follow_up', ['followUpId', 'id'])
export class FollowUpEvent {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_follow_up_events',
  })
  id: string;

  @ManyToOne(() => FollowUp, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_follow_up_events_follow_up' })
  followUp: FollowUp;

  @Column({ type: 'uuid' })
  followUpId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_follow_up_events_actor' })
  actor: User | null;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  /** The actor's name at the time, so the trail still reads after a user is removed. */
  @Column({ type: 'text', nullable: true })
  actorName: string | null;

  @Column({ type: 'text' })
  kind: FollowUpEventKind;

  @Column({ type: 'text', nullable: true })
  fromState: string | null;

  @Column({ type: 'text', nullable: true })
  toState: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** e.g. the assignee's name. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;
}
