import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Invitation } from './invitation.entity';

/**
 * Each email carries its own 256-bit random token; only its SHA-256 is kept. Several tokens
 * (first send, reminders) may point at one invitation; all die when the cycle closes.
 */
@Entity('invitation_tokens')
@Index('ix_invitation_tokens_invitation', ['invitationId'])
export class InvitationToken {
  @PrimaryColumn({ type: 'bytea', primaryKeyConstraintName: 'pk_invitation_tokens' })
  tokenHash: Buffer;

  @ManyToOne(() => Invitation, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_invitation_tokens_invitation' })
  invitation: Invitation;

  @Column({ type: 'uuid' })
  invitationId: string;

  /**
   * 'survey' for /s/:token links, 'unsubscribe' for /u/:token links, 'code' for a printed code
   * (opens the survey like a link; an invitation has at most one, replaced when reprinted).
   */
  @Column({ type: 'text', default: 'survey' })
  purpose: 'survey' | 'unsubscribe' | 'code';
}
