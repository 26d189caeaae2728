import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ExitType } from '../../directory/entities/employee.entity';

/**
 * A bearer token for directory provisioning (SCIM 2.0); only its SHA-256 is stored, the token
 * itself is shown once. It opens /scim/v2 and nothing else, as an API key opens only /api/v1.
 */
@Entity('scim_tokens')
@Check('ck_scim_tokens_exit_type', `"default_exit_type" IN ('voluntary', 'involuntary', 'other')`)
export class ScimToken {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_scim_tokens' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Index('uq_scim_tokens_hash', { unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  /** First characters of the token, to recognise it in the list. */
  @Column({ type: 'text' })
  prefix: string;

  /** Where people created through this token start, and where removal from a group leaves them. */
  @Column({ type: 'uuid' })
  defaultUnitId: string;

  /** The exit type recorded when the identity provider deactivates someone without saying. */
  @Column({ type: 'text', default: 'voluntary' })
  defaultExitType: ExitType;

  @Column({ type: 'uuid', nullable: true })
  createdByUserId: string | null;

  /** Who created it, as named then. */
  @Column({ type: 'text', nullable: true })
  createdByName: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
