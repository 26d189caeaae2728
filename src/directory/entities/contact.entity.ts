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
import { CustomerAccount } from './customer-account.entity';

/** A person at a customer account who receives relationship surveys. */
@Entity('contacts')
@Index('ix_contacts_account', ['accountId'])
export class Contact {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_contacts' })
  id: string;

  @Index('uq_contacts_email', { unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  name: string;

  @ManyToOne(() => CustomerAccount, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_contacts_account' })
  account: CustomerAccount;

  @Column({ type: 'uuid' })
  accountId: string;

  @Column({ type: 'boolean', default: true })
  subscribed: boolean;

  /** Language of their surveys and emails (e.g. `de`); null: the company's default language. */
  @Column({ type: 'text', nullable: true })
  language: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  unsubscribedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
