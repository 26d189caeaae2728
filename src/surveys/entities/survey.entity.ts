import {
  Column,
  CreateDateColumn,
  Entity,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Question } from './question.entity';

export const AUDIENCES = ['employee', 'customer'] as const;
export type Audience = (typeof AUDIENCES)[number];

@Entity('surveys')
export class Survey {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_surveys' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  audience: Audience;

  @Column({ type: 'text', default: '' })
  description: string;

  /** Shipped with Tandem; may be copied, never edited. */
  @Column({ type: 'boolean', default: false })
  builtin: boolean;

  /** Set when a launched cycle uses the survey: its questions can no longer change. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  @OneToMany(() => Question, (q) => q.survey)
  questions: Question[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
