import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Employee } from './employee.entity';
import { Unit } from './unit.entity';

/** A company or household served by one unit, optionally with named relationship employees. */
@Entity('customer_accounts')
@Index('ix_customer_accounts_unit', ['unitId'])
export class CustomerAccount {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_customer_accounts' })
  id: string;

  @Index('uq_customer_accounts_external_id', { unique: true })
  @Column({ type: 'text' })
  externalId: string;

  @Column({ type: 'text' })
  name: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_customer_accounts_unit' })
  unit: Unit;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToMany(() => Employee)
  @JoinTable({
    name: 'account_relationship_employees',
    joinColumn: {
      name: 'account_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'fk_are_account',
    },
    inverseJoinColumn: {
      name: 'employee_id',
      referencedColumnName: 'id',
      foreignKeyConstraintName: 'fk_are_employee',
    },
  })
  relationshipEmployees: Employee[];

  /** The day the account was lost; drives customer churn. */
  @Column({ type: 'date', nullable: true })
  churnDate: string | null;

  @Column({ type: 'date', nullable: true })
  startDate: string | null;

  /** Set when the record is withdrawn (e.g. entered by mistake); a lost customer has a churn date instead. */
  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
