import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Employee } from './employee.entity';
import { EmploymentPeriod } from './employment-period.entity';
import { Unit } from './unit.entity';

/**
 * The unit a person worked in from startDate through endDate (both inclusive; null while it
 * lasts). The assignments of an employment period follow each other without gaps, the first
 * starting on the hire date and the last ending on the exit date.
 */
@Entity('unit_assignments')
@Index('uq_unit_assignments_employee_start', ['employeeId', 'startDate'], { unique: true })
@Index('ix_unit_assignments_unit', ['unitId'])
@Index('ix_unit_assignments_period', ['periodId'])
@Check('ck_unit_assignments_dates', `end_date IS NULL OR end_date >= start_date`)
export class UnitAssignment {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_unit_assignments' })
  id: string;

  @ManyToOne(() => Employee, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_unit_assignments_employee' })
  employee: Employee;

  @Column({ type: 'uuid' })
  employeeId: string;

  @ManyToOne(() => EmploymentPeriod, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_unit_assignments_period' })
  period: EmploymentPeriod;

  @Column({ type: 'uuid' })
  periodId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_unit_assignments_unit' })
  unit: Unit;

  @Column({ type: 'uuid' })
  unitId: string;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;
}
