import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Survey } from './survey.entity';

/**
 * One translated string of a survey: `key` names the source (`name`, `q.<question>.text`,
 * `q.<question>.option.<n>`), `sourceHash` is the SHA-256 of the source text it was translated
 * from, so a later change of the source marks the translation stale.
 */
@Entity('survey_translations')
export class SurveyTranslation {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_survey_translations' })
  surveyId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_survey_translations' })
  language: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_survey_translations' })
  key: string;

  @ManyToOne(() => Survey, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_survey_translations_survey' })
  survey: Survey;

  @Column({ type: 'text' })
  text: string;

  /** SHA-256 (hex) of the source text when this was translated. */
  @Column({ type: 'text' })
  sourceHash: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
