import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** What one run of the retention policy removed, by kind. */
export interface RetentionCounts {
  customerComments: number;
  contacts: number;
  employees: number;
}

/**
 * The retention policy: how many months personal data is kept. One row (id 1), made by the
 * migration; a null period is off (the default), so nothing is removed until an admin says so.
 */
@Entity('retention_policies')
@Check('ck_retention_policies_single_row', `id = 1`)
@Check(
  'ck_retention_policies_months',
  `(customer_comment_months IS NULL OR customer_comment_months BETWEEN 1 AND 600) AND (contact_months IS NULL OR contact_months BETWEEN 1 AND 600) AND (departed_employee_months IS NULL OR departed_employee_months BETWEEN 1 AND 600)`,
)
export class RetentionPolicyRow {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_retention_policies' })
  id: number;

  /** Customer comments are erased this many months after they were given. */
  @Column({ type: 'integer', nullable: true })
  customerCommentMonths: number | null;

  /** Contacts are erased this many months after the last contact with them. */
  @Column({ type: 'integer', nullable: true })
  contactMonths: number | null;

  /** Departed employees' personal data is erased this many months after their exit. */
  @Column({ type: 'integer', nullable: true })
  departedEmployeeMonths: number | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastRunAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  lastRun: RetentionCounts | null;
}
