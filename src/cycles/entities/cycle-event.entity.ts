import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../auth/entities/user.entity';
import { Cycle } from './cycle.entity';

export const CYCLE_EVENT_KINDS = ['reminded', 'extended', 'closed'] as const;
export type CycleEventKind = (typeof CYCLE_EVENT_KINDS)[number];

/**
 * A cycle's history: each time someone steered it (a reminder sent now, a new closing date,
 * closed early) or it closed on schedule, with who (null: Tandem itself, on schedule) and when.
 */
@Entity('cycle_events')
@Index('ix_cycle_events_cycle', ['cycleId', 'id'])
export class CycleEvent {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_cycle_events',
  })
  id: string;

  @ManyToOne(() => Cycle, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_cycle_events_cycle' })
  cycle: Cycle;

  @Column({ type: 'uuid' })
  cycleId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_cycle_events_actor' })
  actor: User | null;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  /** Who, as they were named then (and "via API key" for the API), so it reads after they go. */
  @Column({ type: 'text', nullable: true })
  actorName: string | null;

  @Column({ type: 'text' })
  kind: CycleEventKind;

  /** What the action did: people a reminder was queued for, old and new closing dates, ... */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;
}
