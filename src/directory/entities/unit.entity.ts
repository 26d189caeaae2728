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

/** A node of the org tree and the unit of linkage. `path` is the chain of ids from the root, e.g. "/a/b/". */
@Entity('units')
@Index('ix_units_path', ['path'])
export class Unit {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_units' })
  id: string;

  @Index('uq_units_external_id', { unique: true })
  @Column({ type: 'text' })
  externalId: string;

  @Column({ type: 'text' })
  name: string;

  @ManyToOne(() => Unit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_units_parent' })
  parent: Unit | null;

  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @Column({ type: 'text', collation: 'C' })
  path: string;

  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
