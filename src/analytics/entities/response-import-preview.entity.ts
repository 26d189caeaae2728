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
 * A file of past waves kept between its upload and the import, while the person checks and
 * edits its mapping on the page. Only its uploader sees it; it is deleted when it is imported
 * and after a day otherwise (the answers it holds are anonymous, but nobody needs them twice).
 */
@Entity('response_import_previews')
@Index('ix_response_import_previews_created_at', ['createdAt'])
export class ResponseImportPreview {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_response_import_previews' })
  id: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_response_import_previews_user' })
  user: User;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  fileName: string;

  /** The CSV as uploaded (UTF-8). */
  @Column({ type: 'text' })
  content: string;

  /** The surveys, mapping and not-asked items chosen so far (ResponseImportOptions). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  options: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
