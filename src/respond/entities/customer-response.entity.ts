import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A customer response; customers are told their answers are linked to their account. */
@Entity('customer_responses')
@Index('ix_customer_responses_cycle_unit', ['cycleId', 'unitId'])
@Index('uq_customer_responses_invitation', ['invitationId'], {
  unique: true,
  where: 'invitation_id IS NOT NULL',
})
export class CustomerResponse {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_customer_responses' })
  id: string;

  @Column({ type: 'uuid' })
  cycleId: string;

  @Column({ type: 'uuid' })
  unitId: string;

  @Column({ type: 'uuid', nullable: true })
  accountId: string | null;

  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  @Column({ type: 'uuid', nullable: true })
  invitationId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  submittedAt: Date;

  /** The language the survey was answered in. */
  @Column({ type: 'text', nullable: true })
  language: string | null;

  @Column({ type: 'jsonb' })
  answers: Record<string, number | string>;
}
