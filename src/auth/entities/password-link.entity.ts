import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from './user.entity';

export const PASSWORD_LINK_PURPOSES = ['reset', 'invite'] as const;
export type PasswordLinkPurpose = (typeof PASSWORD_LINK_PURPOSES)[number];

/**
 * A link for a user to set their own password: asked for on the sign-in page ("forgot
 * password"), sent when an admin invites them, or printed by the command line. One per user: a
 * new one replaces the last. The token is made when the email goes out and only its SHA-256 is
 * kept; the link works for `validForSeconds` from then, once.
 */
@Entity('password_links')
export class PasswordLink {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_password_links' })
  id: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_password_links_user' })
  user: User;

  @Index('uq_password_links_user', { unique: true })
  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  purpose: PasswordLinkPurpose;

  @Column({ type: 'integer' })
  validForSeconds: number;

  /** SHA-256 of the token in the email; null until the email is on its way. */
  @Index('uq_password_links_token_hash', { unique: true })
  @Column({ type: 'bytea', nullable: true })
  tokenHash: Buffer | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  /** An instance is sending it until then; another may take over after. */
  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  sendAttempts: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
