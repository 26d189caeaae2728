import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An anonymous employee response. By design it has NO employee id, NO invitation id and no
 * time of day: only the cycle, the unit at send time, a tenure band, the answers and the date.
 */
@Entity('employee_responses')
@Index('ix_employee_responses_cycle_unit', ['cycleId', 'unitId'])
export class EmployeeResponse {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_employee_responses' })
  id: string;

  @Column({ type: 'uuid' })
  cycleId: string;

  @Column({ type: 'uuid' })
  unitId: string;

  @Column({ type: 'text', nullable: true })
  tenureBand: string | null;

  @Column({ type: 'date' })
  submittedOn: string;

  /** The language answered in; kept only where it forms no group under ANONYMITY_MIN. */
  @Column({ type: 'text', nullable: true })
  language: string | null;

  /** question key → value (number for scored kinds, string for choices and text). */
  @Column({ type: 'jsonb' })
  answers: Record<string, number | string>;
}
