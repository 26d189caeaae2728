import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Unit } from './unit.entity';

export const EXIT_TYPES = ['voluntary', 'involuntary', 'other'] as const;
export type ExitType = (typeof EXIT_TYPES)[number];

@Entity('employees')
@Index('ix_employees_unit', ['unitId'])
// The deactivated records, which the retention aggregate joins.
@Index('ix_employees_deactivated', ['id', 'deactivatedAt'], { where: 'deactivated_at IS NOT NULL' })
export class Employee {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_employees' })
  id: string;

  @Index('uq_employees_external_id', { unique: true, where: 'external_id IS NOT NULL' })
  @Column({ type: 'text', nullable: true })
  externalId: string | null;

  /** Null for frontline staff without an address: they answer with a printed code. */
  @Index('uq_employees_email', { unique: true })
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text' })
  name: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_employees_unit' })
  unit: Unit;

  @Column({ type: 'uuid' })
  unitId: string;

  @Column({ type: 'date' })
  hireDate: string;

  @Column({ type: 'date', nullable: true })
  exitDate: string | null;

  @Column({ type: 'text', nullable: true })
  exitType: ExitType | null;

  @Column({ type: 'boolean', default: false })
  customerFacing: boolean;

  /** Language of their surveys and emails (e.g. `de`); null: the company's default language. */
  @Column({ type: 'text', nullable: true })
  language: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  /** When the person's personal data was erased; the row stays, anonymous, for headcount. */
  @Column({ type: 'timestamptz', nullable: true })
  erasedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
