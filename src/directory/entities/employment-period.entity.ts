import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Employee, type ExitType } from './employee.entity';

/**
 * One stretch of employment: hired on hireDate, on the headcount through exitDate (both
 * inclusive; null while employed). A rehire is a new period. The person's units during it are
 * its unit assignments, which cover it day for day.
 */
@Entity('employment_periods')
@Index('uq_employment_periods_employee_hire', ['employeeId', 'hireDate'], { unique: true })
// The ended periods, a few percent of the table, which the retention aggregate joins.
@Index('ix_employment_periods_exited', ['id', 'exitDate', 'exitType'], {
  where: 'exit_type IS NOT NULL',
})
@Check('ck_employment_periods_dates', `exit_date IS NULL OR exit_date >= hire_date`)
export class EmploymentPeriod {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_employment_periods' })
  id: string;

  @ManyToOne(() => Employee, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_employment_periods_employee' })
  employee: Employee;

  @Column({ type: 'uuid' })
  employeeId: string;

  @Column({ type: 'date' })
  hireDate: string;

  @Column({ type: 'date', nullable: true })
  exitDate: string | null;

  @Column({ type: 'text', nullable: true })
  exitType: ExitType | null;
}
