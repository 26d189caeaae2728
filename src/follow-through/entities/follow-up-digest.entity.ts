import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../auth/entities/user.entity';

/**
 * One row per manager and day: claimed before the digest is sent, so a repeated or duplicated
 * job never mails a manager twice in a day. `createdAt` bounds what the next digest calls new.
 */
@Entity('follow_up_digests')
export class FollowUpDigest {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_follow_up_digests' })
  userId: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_follow_up_digests' })
  digestOn: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_follow_up_digests_user' })
  user: User;

  @Column({ type: 'int', default: 0 })
  followUps: number;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
