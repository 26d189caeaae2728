import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Survey } from './survey.entity';

export const QUESTION_KINDS = ['likert5', 'nps', 'rating5', 'single_choice', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** One item of a survey. `key` is stable within the survey and names the answer in responses. */
@Entity('questions')
@Index('uq_questions_survey_key', ['surveyId', 'key'], { unique: true })
@Index('ix_questions_survey_position', ['surveyId', 'position'])
export class Question {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_questions' })
  id: string;

  @ManyToOne(() => Survey, (s) => s.questions, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_questions_survey' })
  survey: Survey;

  @Column({ type: 'uuid' })
  surveyId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  kind: QuestionKind;

  @Column({ type: 'text' })
  text: string;

  /** For scored kinds: engagement, enablement, manager, wellbeing; satisfaction, trust, respect, ... */
  @Column({ type: 'text', nullable: true })
  dimension: string | null;

  @Column({ type: 'boolean', default: true })
  required: boolean;

  /** Choices for single_choice. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  options: string[];

  /** Longest accepted answer for text questions. */
  @Column({ type: 'int', default: 2000 })
  maxLength: number;
}
