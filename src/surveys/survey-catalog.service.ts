import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { queryRows } from '../database/sql';
import { estimateAnswerMinutes } from './answer-time';
import { BUILTIN_SURVEY_IDS } from './builtin-surveys';
import { MetricRole, Question, QuestionKind } from './entities/question.entity';
import { Audience, Survey } from './entities/survey.entity';

/** A survey to pick, as a cycle form lists it. */
export interface SurveyChoice {
  id: string;
  name: string;
  audience: Audience;
}

/** What an answer to a question must look like, for imports that check answers. */
export interface QuestionShape {
  key: string;
  kind: QuestionKind;
  options: string[];
  maxLength: number;
}

/** One question as reports see it, with the survey it belongs to. */
export interface QuestionSummary {
  surveyId: string;
  key: string;
  kind: QuestionKind;
  dimension: string | null;
  text: string;
  /** scored 6 − answer (Likert statements worded against their dimension) */
  reverseKeyed: boolean;
  /** designated recommend (eNPS/NPS) or CSAT item */
  metricRole: MetricRole | null;
}

/** What an invitation says about a survey's length. */
export interface AnswerTime {
  questionCount: number;
  minutes: number;
}

/** A survey with its questions in order, as a respondent's form is built from it. */
export interface SurveyDefinition {
  id: string;
  name: string;
  description: string;
  audience: Audience;
  /** Locked by a launched cycle: it never changes again. */
  locked: boolean;
  questions: Array<{
    key: string;
    kind: QuestionKind;
    text: string;
    required: boolean;
    options: string[];
    maxLength: number;
    dimension: string | null;
    preferNotToSay: boolean;
  }>;
}

interface DefinitionRow {
  id: string;
  name: string;
  description: string;
  audience: Audience;
  locked: boolean;
  key: string | null;
  kind: QuestionKind;
  text: string;
  required: boolean;
  options: unknown;
  max_length: number;
  dimension: string | null;
  prefer_not_to_say: boolean;
}

/**
 * What other modules need from surveys and questions: choices for a cycle, each survey's
 * audience, locking at launch, question counts for emails and the built-in surveys' questions
 * for imports. Editing surveys stays in SurveysService.
 */
@Injectable()
export class SurveyCatalog {
  constructor(@InjectRepository(Survey) private readonly surveys: Repository<Survey>) {}

  /** Every survey, built-in ones first, then by name. */
  async choices(): Promise<SurveyChoice[]> {
    const surveys = await this.surveys.find({
      select: { id: true, name: true, audience: true },
      order: { builtin: 'DESC', name: 'ASC' },
    });
    return surveys.map((s) => ({ id: s.id, name: s.name, audience: s.audience }));
  }

  /** The audience of each of these surveys that exists. */
  async audiences(
    ids: readonly string[],
    manager: EntityManager = this.surveys.manager,
  ): Promise<Map<string, Audience>> {
    if (ids.length === 0) return new Map();
    const surveys = await manager.getRepository(Survey).find({
      select: { id: true, audience: true },
      where: { id: In([...new Set(ids)]) },
    });
    return new Map(surveys.map((s) => [s.id, s.audience]));
  }

  /** Locks the surveys a launched cycle uses: from now on they only change by copying. */
  async lock(manager: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE surveys SET locked_at = COALESCE(locked_at, now()) WHERE id = ANY($1::uuid[])`,
      [[...ids]],
    );
  }

  /** How many questions each survey has (0 for one without questions or not found). */
  async countQuestions(ids: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map(ids.map((id) => [id, 0]));
    if (ids.length === 0) return counts;
    const rows = await queryRows<{ survey_id: string; n: number }>(
      this.surveys.manager,
      `SELECT survey_id, count(*)::int AS n FROM questions WHERE survey_id = ANY($1::uuid[]) GROUP BY survey_id`,
      [[...new Set(ids)]],
    );
    for (const r of rows) counts.set(r.survey_id, r.n);
    return counts;
  }

  /**
   * How many questions each survey has and the one estimate of the minutes it takes
   * (estimateAnswerMinutes); a survey without questions or not found has 0 questions.
   */
  async answerTimes(ids: readonly string[]): Promise<Map<string, AnswerTime>> {
    const kinds = new Map<string, QuestionKind[]>(ids.map((id) => [id, []]));
    if (ids.length > 0) {
      const rows = await queryRows<{ survey_id: string; kinds: QuestionKind[] }>(
        this.surveys.manager,
        `SELECT survey_id, array_agg(kind) AS kinds FROM questions
          WHERE survey_id = ANY($1::uuid[]) GROUP BY survey_id`,
        [[...new Set(ids)]],
      );
      for (const r of rows) kinds.set(r.survey_id, r.kinds);
    }
    return new Map(
      [...kinds].map(([id, k]) => [
        id,
        { questionCount: k.length, minutes: estimateAnswerMinutes(k) },
      ]),
    );
  }

  /** The questions of these surveys, each survey's in their order. */
  async questionsOf(
    surveyIds: readonly string[],
    manager: EntityManager = this.surveys.manager,
  ): Promise<QuestionSummary[]> {
    if (surveyIds.length === 0) return [];
    return manager.getRepository(Question).find({
      select: {
        surveyId: true,
        key: true,
        kind: true,
        dimension: true,
        text: true,
        reverseKeyed: true,
        metricRole: true,
      },
      where: { surveyId: In([...new Set(surveyIds)]) },
      order: { surveyId: 'ASC', position: 'ASC' },
    });
  }

  /** The survey and its questions in order (one query), or null when it does not exist. */
  async definition(id: string): Promise<SurveyDefinition | null> {
    const rows = await queryRows<DefinitionRow>(
      this.surveys.manager,
      `SELECT s.id, s.name, s.description, s.audience, s.locked_at IS NOT NULL AS locked,
              q.key, q.kind, q.text, q.required, q.options, q.max_length, q.dimension,
              q.prefer_not_to_say
         FROM surveys s LEFT JOIN questions q ON q.survey_id = s.id
        WHERE s.id = $1
        ORDER BY q.position, q.key`,
      [id],
    );
    if (rows.length === 0) return null;
    const { name, description, audience, locked } = rows[0];
    return {
      id: rows[0].id,
      name,
      description,
      audience,
      locked,
      questions: rows
        .filter((r): r is DefinitionRow & { key: string } => r.key !== null)
        .map((r) => ({
          key: r.key,
          kind: r.kind,
          text: r.text,
          required: r.required,
          options: Array.isArray(r.options) ? r.options.map(String) : [],
          maxLength: r.max_length,
          dimension: r.dimension,
          preferNotToSay: r.prefer_not_to_say,
        })),
    };
  }

  /** The questions of the two built-in surveys by key, per audience. */
  async builtinQuestions(
    manager: EntityManager = this.surveys.manager,
  ): Promise<Record<Audience, Map<string, QuestionShape>>> {
    const questions = await manager.getRepository(Question).find({
      select: { surveyId: true, key: true, kind: true, options: true, maxLength: true },
      where: {
        surveyId: In([BUILTIN_SURVEY_IDS.employeePulse, BUILTIN_SURVEY_IDS.customerRelationship]),
      },
    });
    const bySurvey = (surveyId: string) =>
      new Map(
        questions
          .filter((q) => q.surveyId === surveyId)
          .map((q) => [
            q.key,
            { key: q.key, kind: q.kind, options: q.options, maxLength: q.maxLength },
          ]),
      );
    return {
      employee: bySurvey(BUILTIN_SURVEY_IDS.employeePulse),
      customer: bySurvey(BUILTIN_SURVEY_IDS.customerRelationship),
    };
  }
}
