import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Employee answers of an open cycle, sealed (AES-256-GCM) with a key the database never holds.
 * Each row is written in the same transaction that uses its invitation, so its transaction id
 * pairs it with a person; what it pairs with is unreadable. When the cycle closes, the rows are
 * opened, written to employee_responses together in random order, and deleted.
 */
@Entity('sealed_employee_answers')
@Index('ix_sealed_employee_answers_cycle', ['cycleId'])
export class SealedEmployeeAnswers {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_sealed_employee_answers' })
  id: string;

  @Column({ type: 'uuid' })
  cycleId: string;

  /** The unit at send time, as on the invitation. */
  @Column({ type: 'uuid' })
  unitId: string;

  /** Tenure band at send time, as on the invitation; coarsened or dropped when released. */
  @Column({ type: 'text', nullable: true })
  tenureBand: string | null;

  /** Which key sealed the row (a fingerprint of the key, not the key). */
  @Column({ type: 'bytea' })
  keyId: Buffer;

  /** nonce ‖ ciphertext ‖ tag of {answers, submittedOn}. */
  @Column({ type: 'bytea' })
  sealed: Buffer;
}
