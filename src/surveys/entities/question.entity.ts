import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Survey } from './survey.entity';

export const QUESTION_KINDS = ['likert5', 'nps', 'rating5', 'single_choice', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/**
 * The figure a question is designated for: `recommend` (eNPS / NPS, an `nps` question) or
 * `csat` (a `rating5` question); each at most once per survey.
 */
export const METRIC_ROLES = ['recommend', 'csat'] as const;
export type MetricRole = (typeof METRIC_ROLES)[number];

/** One item of a survey. `key` is stable within the survey and names the answer in responses. */
@Entity('questions')
@Index('uq_questions_survey_key', ['surveyId', 'key'], { unique: true })
@Index('ix_questions_survey_position', ['surveyId', 'position'])
@Index('uq_questions_survey_metric_role', ['surveyId', 'metricRole'], {
  unique: true,
  where: 'metric_role IS NOT NULL',
})
@Check('ck_questions_reverse_keyed_likert', `NOT reverse_keyed OR kind = 'likert5'`)
@Check('ck_questions_prefer_not_to_say_kind', `NOT prefer_not_to_say OR kind <> 'text'`)
@Check(
  'ck_questions_metric_role_kind',
  `metric_role IS NULL OR (metric_role = 'recommend' AND kind = 'nps') OR (metric_role = 'csat' AND kind = 'rating5')`,
)
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

  /** A Likert statement worded against its dimension: stored as answered, scored 6 − answer. */
  @Column({ type: 'boolean', default: false })
  reverseKeyed: boolean;

  /**
   * Offers "Prefer not to say" (employee surveys, not on text questions): chosen, it counts as
   * no answer and is never stored.
   */
  @Column({ type: 'boolean', default: false })
  preferNotToSay: boolean;

  /** The survey's recommend (eNPS/NPS) or CSAT item; see METRIC_ROLES. */
  @Column({ type: 'text', nullable: true })
  metricRole: MetricRole | null;

  /** Where the wording comes from (a published scale it is adapted from); null: a Tandem item. */
  @Column({ type: 'text', nullable: true })
  source: string | null;

  /** Longest accepted answer for text questions. */
  @Column({ type: 'int', default: 2000 })
  maxLength: number;
}
