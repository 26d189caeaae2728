import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../../entities/user.entity';

/** A provider account (issuer + subject) a user signs in as; one per user and issuer. */
@Entity('sso_identities')
@Index('uq_sso_identities_subject', ['issuer', 'subject'], { unique: true })
@Index('uq_sso_identities_user', ['userId', 'issuer'], { unique: true })
export class SsoIdentity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_sso_identities' })
  id: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_sso_identities_user' })
  user: User;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  issuer: string;

  @Column({ type: 'text' })
  subject: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastSignInAt: Date;
}
