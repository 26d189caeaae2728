import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Sign-in attempts per account since its last successful sign-in, kept in PostgreSQL so the
 * limit holds across instances. Keyed by a hash of the normalized email, for addresses that
 * have no account too, so a refusal says nothing about whether the account exists.
 */
@Entity('sign_in_throttles')
export class SignInThrottle {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_sign_in_throttles' })
  emailHash: string;

  @Column({ type: 'integer' })
  attempts: number;

  @Index('ix_sign_in_throttles_last_attempt_at')
  @Column({ type: 'timestamptz' })
  lastAttemptAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  blockedUntil: Date | null;
}
