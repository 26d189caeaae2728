import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../../auth/entities/user.entity';

/**
 * An uploaded CSV kept between its preview and the person's confirmation. The file is
 * re-validated against the directory when it is applied, so a preview that went stale
 * never lands half-right; applied rows stay as a short audit trail.
 */
@Entity('directory_imports')
@Index('ix_directory_imports_created_at', ['createdAt'])
export class DirectoryImport {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_directory_imports' })
  id: string;

  /** units | employees | accounts | contacts */
  @Column({ type: 'text' })
  kind: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_directory_imports_user' })
  user: User;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  fileName: string;

  /** The CSV as uploaded (UTF-8). */
  @Column({ type: 'text' })
  content: string;

  /** SHA-256 of the content, to recognise the same file uploaded twice. */
  @Column({ type: 'text' })
  contentSha256: string;

  /** Counts and samples shown on the preview page. */
  @Column({ type: 'jsonb' })
  summary: Record<string, unknown>;

  @Column({ type: 'timestamptz', nullable: true })
  appliedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
