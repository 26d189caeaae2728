import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CyclesService } from '../cycles/cycles.service';
import { CreateSurveyDto, QuestionDto, SurveyDetailsDto } from './dto/survey.dto';
import { MetricRole, Question, QuestionKind } from './entities/question.entity';
import { Survey } from './entities/survey.entity';
import { SurveyError, SurveyErrorCode } from './surveys.errors';

export interface SurveySummary {
  id: string;
  name: string;
  audience: string;
  builtin: boolean;
  lockedAt: Date | null;
  questionCount: number;
}

export interface SurveyUse {
  cycleId: string;
  cycleName: string;
}

/** One question as other modules see it. */
export type QuestionSummary = Pick<
  Question,
  'key' | 'kind' | 'text' | 'dimension' | 'position' | 'reverseKeyed' | 'metricRole'
>;

const SCORED = new Set(['likert5', 'nps', 'rating5']);

/** Survey templates and their ordered questions. Built-in and launched surveys are read-only. */
@Injectable()
export class SurveysService {
  constructor(
    @InjectRepository(Survey) private readonly surveys: Repository<Survey>,
    private readonly dataSource: DataSource,
    @Inject(forwardRef(() => CyclesService)) private readonly cycles: CyclesService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<SurveySummary[]> {
    const rows: Array<{
      id: string;
      name: string;
      audience: string;
      builtin: boolean;
      locked_at: Date | null;
      n: number;
    }> = await this.dataSource.query(
      `SELECT s.id, s.name, s.audience, s.builtin, s.locked_at, count(q.id)::int AS n
           FROM surveys s LEFT JOIN questions q ON q.survey_id = s.id
          GROUP BY s.id ORDER BY s.builtin DESC, s.audience, s.name`,
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      audience: r.audience,
      builtin: r.builtin,
      lockedAt: r.locked_at,
      questionCount: r.n,
    }));
  }

  async get(id: string): Promise<Survey> {
    const survey = await this.surveys.findOne({
      where: { id },
      relations: { questions: true },
      order: { questions: { position: 'ASC' } },
    });
    if (!survey) throw new SurveyError(SurveyErrorCode.NOT_FOUND);
    return survey;
  }

  /** A survey's questions in order, as other modules read them. */
  questionsOf(surveyId: string): Promise<QuestionSummary[]> {
    return this.dataSource.getRepository(Question).find({
      select: {
        key: true,
        kind: true,
        text: true,
        dimension: true,
        position: true,
        reverseKeyed: true,
        metricRole: true,
      },
      where: { surveyId },
      order: { position: 'ASC' },
    });
  }

  /** Every dimension a survey uses, to offer the same names again. */
  async dimensionsInUse(): Promise<string[]> {
    const rows: Array<{ dimension: string }> = await this.dataSource.query(
      `SELECT DISTINCT dimension FROM questions WHERE dimension IS NOT NULL ORDER BY dimension`,
    );
    return rows.map((r) => r.dimension);
  }

  /** The launched cycle that locked the survey, if any. */
  async usedBy(id: string): Promise<SurveyUse | null> {
    const cycle = await this.cycles.firstLaunchedWith(id);
    return cycle ? { cycleId: cycle.id, cycleName: cycle.name } : null;
  }

  /**
   * A new survey, empty or starting with the questions of `templateId` (whose audience it takes),
   * then any questions given.
   */
  async create(input: CreateSurveyDto): Promise<Survey> {
    const template = input.templateId ? await this.get(input.templateId) : null;
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(Survey);
      const survey = await repo.save(
        repo.create({
          name: input.name,
          audience: template?.audience ?? input.audience,
          description: input.description ?? '',
        }),
      );
      if (template) await copyQuestions(m, template.id, survey.id);
      await this.audit.record('survey.create', surveyTarget(survey), {
        manager: m,
        after: { name: survey.name, audience: survey.audience, description: survey.description },
        details: template ? { templateId: template.id, templateName: template.name } : {},
      });
      for (const q of input.questions ?? []) await this.insertQuestion(m, survey, q);
      return survey;
    });
  }

  /** A new editable survey with the same questions (keys kept, so results stay comparable). */
  async copy(id: string): Promise<Survey> {
    const source = await this.get(id);
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(Survey);
      const copy = await repo.save(
        repo.create({
          name: `Copy of ${source.name}`,
          audience: source.audience,
          description: source.description,
        }),
      );
      await copyQuestions(m, id, copy.id);
      await this.audit.record('survey.copy', surveyTarget(copy), {
        manager: m,
        after: { name: copy.name, audience: copy.audience },
        details: { copiedFrom: { id: source.id, name: source.name } },
      });
      return copy;
    });
  }

  async updateDetails(id: string, input: SurveyDetailsDto): Promise<void> {
    const survey = await this.assertEditable(id);
    const after = { name: input.name, description: input.description ?? '' };
    await this.surveys.update(id, after);
    await this.audit.record('survey.update', surveyTarget({ id, name: input.name }), {
      before: { name: survey.name, description: survey.description },
      after,
    });
  }

  async addQuestion(surveyId: string, input: QuestionDto): Promise<Question> {
    const survey = await this.assertEditable(surveyId);
    return this.dataSource.transaction((m) => this.insertQuestion(m, survey, input));
  }

  async updateQuestion(surveyId: string, questionId: string, input: QuestionDto): Promise<void> {
    const survey = await this.assertEditable(surveyId);
    const question = await this.question(surveyId, questionId);
    const key = input.key || question.key;
    await this.dataSource.transaction(async (m) => {
      await this.assertQuestionRules(m, survey, input, questionId);
      await this.assertKeyFree(m, surveyId, key, questionId);
      const after = { key, ...questionFields(input) };
      await m.getRepository(Question).update(questionId, after);
      await this.audit.record('survey.question_update', surveyTarget(survey), {
        manager: m,
        before: auditedQuestion(question),
        after,
        details: { questionId },
      });
    });
  }

  async deleteQuestion(surveyId: string, questionId: string): Promise<void> {
    const survey = await this.assertEditable(surveyId);
    const question = await this.question(surveyId, questionId);
    await this.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM questions WHERE id = $1`, [questionId]);
      await this.audit.record('survey.question_delete', surveyTarget(survey), {
        manager: m,
        before: auditedQuestion(question),
        details: { questionId },
      });
      await this.renumber(m, surveyId);
    });
  }

  /** Swaps a question with its neighbour above or below. */
  async moveQuestion(
    surveyId: string,
    questionId: string,
    direction: 'up' | 'down',
  ): Promise<void> {
    const survey = await this.assertEditable(surveyId);
    await this.question(surveyId, questionId);
    await this.dataSource.transaction(async (m) => {
      await this.audit.record('survey.question_move', surveyTarget(survey), {
        manager: m,
        details: { questionId, direction },
      });
      await this.renumber(m, surveyId);
      const rows: Array<{ id: string; position: number }> = await m.query(
        `SELECT id, position FROM questions WHERE survey_id = $1 ORDER BY position FOR UPDATE`,
        [surveyId],
      );
      const i = rows.findIndex((r) => r.id === questionId);
      const j = direction === 'up' ? i - 1 : i + 1;
      if (i < 0 || j < 0 || j >= rows.length) return;
      await m.query(
        `UPDATE questions q SET position = v.position FROM (VALUES ($1::uuid, $2::int), ($3::uuid, $4::int)) AS v(id, position) WHERE q.id = v.id`,
        [rows[i].id, rows[j].position, rows[j].id, rows[i].position],
      );
    });
  }

  async question(surveyId: string, questionId: string): Promise<Question> {
    const question = await this.dataSource
      .getRepository(Question)
      .findOne({ where: { id: questionId, surveyId } });
    if (!question) throw new SurveyError(SurveyErrorCode.QUESTION_NOT_FOUND);
    return question;
  }

  /** The survey, or a clear reason why it may not change. */
  async assertEditable(id: string): Promise<Survey> {
    const survey = await this.surveys.findOne({ where: { id } });
    if (!survey) throw new SurveyError(SurveyErrorCode.NOT_FOUND);
    if (survey.builtin) throw new SurveyError(SurveyErrorCode.BUILTIN_READ_ONLY);
    const use = await this.usedBy(id);
    if (survey.lockedAt || use)
      throw new SurveyError(SurveyErrorCode.LOCKED, {
        cycleId: use?.cycleId,
        cycleName: use?.cycleName,
      });
    return survey;
  }

  /** Adds `input` as the survey's last question; the caller has checked the survey may change. */
  async insertQuestion(
    m: EntityManager,
    survey: Pick<Survey, 'id' | 'audience'>,
    input: QuestionDto,
    extra: Partial<Pick<Question, 'source'>> = {},
  ): Promise<Question> {
    await this.assertQuestionRules(m, survey, input);
    const key = input.key || (await this.freeKey(m, survey.id, slug(input.text)));
    await this.assertKeyFree(m, survey.id, key);
    const [{ next }]: Array<{ next: number }> = await m.query(
      `SELECT COALESCE(max(position), 0) + 1 AS next FROM questions WHERE survey_id = $1`,
      [survey.id],
    );
    const repo = m.getRepository(Question);
    const question = await repo.save(
      repo.create({ surveyId: survey.id, position: next, key, ...questionFields(input), ...extra }),
    );
    await this.audit.record(
      'survey.question_add',
      { type: 'survey', id: survey.id },
      {
        manager: m,
        after: auditedQuestion(question),
        details: { questionId: question.id },
      },
    );
    return question;
  }

  /**
   * What a question must be: a dimension when scored, options when single choice, reverse
   * keying only on a Likert statement, and a recommend/CSAT designation only on a question of
   * the right kind, once per survey (`exceptId`: the question being edited).
   */
  private async assertQuestionRules(
    m: EntityManager,
    survey: Pick<Survey, 'id' | 'audience'>,
    input: QuestionDto,
    exceptId?: string,
  ): Promise<void> {
    if (SCORED.has(input.kind) && !input.dimension)
      throw new SurveyError(SurveyErrorCode.DIMENSION_REQUIRED, { field: 'dimension' });
    if (input.kind === 'single_choice' && input.options.length < 2)
      throw new SurveyError(SurveyErrorCode.OPTIONS_REQUIRED, { field: 'options' });
    if (input.reverseKeyed && input.kind !== 'likert5')
      throw new SurveyError(SurveyErrorCode.REVERSE_NEEDS_LIKERT, { field: 'reverseKeyed' });
    if (input.preferNotToSay && (survey.audience !== 'employee' || input.kind === 'text'))
      throw new SurveyError(SurveyErrorCode.PREFER_NOT_TO_SAY_NOT_OFFERED, {
        field: 'preferNotToSay',
      });
    const role = input.metricRole;
    if (!role) return;
    if (role === 'csat' && survey.audience !== 'customer')
      throw new SurveyError(SurveyErrorCode.CSAT_NEEDS_CUSTOMER_SURVEY, { field: 'metricRole' });
    if (input.kind !== METRIC_ROLE_KINDS[role])
      throw new SurveyError(SurveyErrorCode.ROLE_WRONG_KIND, { field: 'metricRole', role });
    const [holder] = await m.getRepository(Question).find({
      select: { id: true, text: true },
      where: { surveyId: survey.id, metricRole: role },
    });
    if (holder && holder.id !== exceptId)
      throw new SurveyError(SurveyErrorCode.ROLE_TAKEN, {
        field: 'metricRole',
        role,
        questionText: holder.text,
      });
  }

  private async assertKeyFree(
    m: EntityManager,
    surveyId: string,
    key: string,
    exceptId?: string,
  ): Promise<void> {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM questions WHERE survey_id = $1 AND key = $2 AND id IS DISTINCT FROM $3::uuid`,
      [surveyId, key, exceptId ?? null],
    );
    if (rows.length > 0) throw new SurveyError(SurveyErrorCode.KEY_TAKEN);
  }

  private async freeKey(m: EntityManager, surveyId: string, base: string): Promise<string> {
    const rows: Array<{ key: string }> = await m.query(
      `SELECT key FROM questions WHERE survey_id = $1`,
      [surveyId],
    );
    const taken = new Set(rows.map((r) => r.key));
    let key = base;
    for (let n = 2; taken.has(key); n++) key = `${base.slice(0, 36)}_${n}`;
    return key;
  }

  private async renumber(m: EntityManager, surveyId: string): Promise<void> {
    await m.query(
      `UPDATE questions q SET position = r.n
         FROM (SELECT id, row_number() OVER (ORDER BY position, id)::int AS n FROM questions WHERE survey_id = $1) r
        WHERE q.id = r.id AND q.position <> r.n`,
      [surveyId],
    );
  }
}

/** The kind of question each designation needs. */
const METRIC_ROLE_KINDS: Record<MetricRole, QuestionKind> = { recommend: 'nps', csat: 'rating5' };

/** A question's columns from the form or API, as stored. */
function surveyTarget(survey: Pick<Survey, 'id' | 'name'>) {
  return { type: 'survey', id: survey.id, label: survey.name };
}

/** A question's fields as the audit log keeps them. */
function auditedQuestion(q: Question): Record<string, unknown> {
  return {
    key: q.key,
    kind: q.kind,
    text: q.text,
    dimension: q.dimension,
    required: q.required,
    options: q.options,
    reverseKeyed: q.reverseKeyed,
    preferNotToSay: q.preferNotToSay,
    metricRole: q.metricRole,
    position: q.position,
  };
}

function questionFields(input: QuestionDto) {
  return {
    kind: input.kind,
    text: input.text,
    dimension: input.dimension || null,
    required: input.required,
    options: input.kind === 'single_choice' ? input.options : [],
    reverseKeyed: input.kind === 'likert5' && input.reverseKeyed,
    preferNotToSay: input.kind !== 'text' && input.preferNotToSay,
    metricRole: input.metricRole ?? null,
  };
}

/** Every question of `from` into `to`, in order, keys and designations kept. */
async function copyQuestions(m: EntityManager, from: string, to: string): Promise<void> {
  await m.query(
    `INSERT INTO questions (survey_id, position, key, kind, text, dimension, required, options,
                           max_length, reverse_keyed, metric_role, source, prefer_not_to_say)
     SELECT $2, position, key, kind, text, dimension, required, options, max_length,
            reverse_keyed, metric_role, source, prefer_not_to_say
       FROM questions WHERE survey_id = $1`,
    [from, to],
  );
}

/** "I am proud of…" → "i_am_proud_of"; keys start with a letter. */
function slug(text: string): string {
  const s = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 32)
    .replace(/_+$/, '');
  return /^[a-z]/.test(s) ? s : `q_${s || 'item'}`;
}
