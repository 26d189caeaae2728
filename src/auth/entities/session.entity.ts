import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Browser sessions live in PostgreSQL so they survive restarts and work across instances. */
@Entity('sessions')
export class Session {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_sessions' })
  sid: string;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Index('ix_sessions_expires_at')
  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
