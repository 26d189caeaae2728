import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../database/sql';
import { QuestionDto } from './dto/survey.dto';
import { MetricRole, Question, QuestionKind } from './entities/question.entity';
import { Audience } from './entities/survey.entity';
import { SurveysService } from './surveys.service';
import { SurveyError, SurveyErrorCode } from './surveys.errors';

/** One item of the question bank: a question of a built-in template, with its source. */
export interface BankItem {
  id: string;
  audience: Audience;
  templateName: string;
  key: string;
  kind: QuestionKind;
  text: string;
  dimension: string | null;
  required: boolean;
  options: string[];
  reverseKeyed: boolean;
  metricRole: MetricRole | null;
  /** the published scale the wording is adapted from; null: written for Tandem */
  source: string | null;
}

interface BankRow {
  id: string;
  audience: Audience;
  template_name: string;
  key: string;
  kind: QuestionKind;
  text: string;
  dimension: string | null;
  required: boolean;
  options: unknown;
  reverse_keyed: boolean;
  metric_role: MetricRole | null;
  source: string | null;
}

/**
 * The question bank: the built-in templates' items, each with where its wording comes from, to
 * start a survey of the company's own from. An item added to a survey keeps its key (so its
 * results line up with the template's), its dimension, keying and designation.
 */
@Injectable()
export class QuestionBankService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly surveys: SurveysService,
  ) {}

  /** The bank's items, employee items first, each template's in its order. */
  async list(audience?: Audience): Promise<BankItem[]> {
    const rows = await queryRows<BankRow>(
      this.dataSource.manager,
      `SELECT q.id, s.audience, s.name AS template_name, q.key, q.kind, q.text, q.dimension,
              q.required, q.options, q.reverse_keyed, q.metric_role, q.source
         FROM questions q JOIN surveys s ON s.id = q.survey_id
        WHERE s.builtin AND ($1::text IS NULL OR s.audience = $1)
        ORDER BY s.audience DESC, s.name, q.position`,
      [audience ?? null],
    );
    return rows.map((r) => ({
      id: r.id,
      audience: r.audience,
      templateName: r.template_name,
      key: r.key,
      kind: r.kind,
      text: r.text,
      dimension: r.dimension,
      required: r.required,
      options: Array.isArray(r.options) ? r.options.map(String) : [],
      reverseKeyed: r.reverse_keyed,
      metricRole: r.metric_role,
      source: r.source,
    }));
  }

  /**
   * Adds the bank item `questionId` to the end of survey `surveyId` (same audience). Its
   * recommend/CSAT designation comes along unless the survey already has that item.
   */
  async add(surveyId: string, questionId: string): Promise<Question> {
    const survey = await this.surveys.assertEditable(surveyId);
    const item = (await this.list(survey.audience)).find((i) => i.id === questionId);
    if (!item) throw new SurveyError(SurveyErrorCode.NOT_IN_BANK);
    return this.dataSource.transaction(async (m) => {
      const taken = await queryRows<{ key: string; metric_role: MetricRole | null }>(
        m,
        `SELECT key, metric_role FROM questions WHERE survey_id = $1`,
        [surveyId],
      );
      if (taken.some((q) => q.key === item.key))
        throw new SurveyError(SurveyErrorCode.ALREADY_IN_SURVEY, { key: item.key });
      const roleTaken = taken.some((q) => q.metric_role === item.metricRole);
      const input = Object.assign(new QuestionDto(), {
        key: item.key,
        kind: item.kind,
        text: item.text,
        dimension: item.dimension ?? undefined,
        required: item.required,
        options: item.options,
        reverseKeyed: item.reverseKeyed,
        metricRole: item.metricRole && !roleTaken ? item.metricRole : null,
      });
      return this.surveys.insertQuestion(m, survey, input, { source: item.source });
    });
  }

  /** The keys of a survey's questions, to mark bank items it already has. */
  async keysOf(surveyId: string): Promise<Set<string>> {
    const rows = await queryRows<{ key: string }>(
      this.dataSource.manager,
      `SELECT key FROM questions WHERE survey_id = $1`,
      [surveyId],
    );
    return new Set(rows.map((r) => r.key));
  }
}
