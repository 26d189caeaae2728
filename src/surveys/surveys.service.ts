import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { CyclesService } from '../cycles/cycles.service';
import { CreateSurveyDto, QuestionDto, SurveyDetailsDto } from './dto/survey.dto';
import { Question } from './entities/question.entity';
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
export type QuestionSummary = Pick<Question, 'key' | 'kind' | 'text' | 'dimension' | 'position'>;

const SCORED = new Set(['likert5', 'nps', 'rating5']);

/** Survey templates and their ordered questions. Built-in and launched surveys are read-only. */
@Injectable()
export class SurveysService {
  constructor(
    @InjectRepository(Survey) private readonly surveys: Repository<Survey>,
    private readonly dataSource: DataSource,
    @Inject(forwardRef(() => CyclesService)) private readonly cycles: CyclesService,
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
      select: { key: true, kind: true, text: true, dimension: true, position: true },
      where: { surveyId },
      order: { position: 'ASC' },
    });
  }

  /** The launched cycle that locked the survey, if any. */
  async usedBy(id: string): Promise<SurveyUse | null> {
    const cycle = await this.cycles.firstLaunchedWith(id);
    return cycle ? { cycleId: cycle.id, cycleName: cycle.name } : null;
  }

  async create(input: CreateSurveyDto): Promise<Survey> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(Survey);
      const survey = await repo.save(
        repo.create({
          name: input.name,
          audience: input.audience,
          description: input.description ?? '',
        }),
      );
      for (const q of input.questions ?? []) await this.insertQuestion(m, survey.id, q);
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
      await m.query(
        `INSERT INTO questions (survey_id, position, key, kind, text, dimension, required, options, max_length)
         SELECT $2, position, key, kind, text, dimension, required, options, max_length
           FROM questions WHERE survey_id = $1`,
        [id, copy.id],
      );
      return copy;
    });
  }

  async updateDetails(id: string, input: SurveyDetailsDto): Promise<void> {
    await this.assertEditable(id);
    await this.surveys.update(id, { name: input.name, description: input.description ?? '' });
  }

  async addQuestion(surveyId: string, input: QuestionDto): Promise<Question> {
    await this.assertEditable(surveyId);
    return this.dataSource.transaction((m) => this.insertQuestion(m, surveyId, input));
  }

  async updateQuestion(surveyId: string, questionId: string, input: QuestionDto): Promise<void> {
    await this.assertEditable(surveyId);
    const question = await this.question(surveyId, questionId);
    this.assertQuestionRules(input);
    const key = input.key || question.key;
    await this.assertKeyFree(this.dataSource.manager, surveyId, key, questionId);
    await this.dataSource.getRepository(Question).update(questionId, {
      key,
      kind: input.kind,
      text: input.text,
      dimension: input.dimension || null,
      required: input.required,
      options: input.kind === 'single_choice' ? input.options : [],
    });
  }

  async deleteQuestion(surveyId: string, questionId: string): Promise<void> {
    await this.assertEditable(surveyId);
    await this.question(surveyId, questionId);
    await this.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM questions WHERE id = $1`, [questionId]);
      await this.renumber(m, surveyId);
    });
  }

  /** Swaps a question with its neighbour above or below. */
  async moveQuestion(
    surveyId: string,
    questionId: string,
    direction: 'up' | 'down',
  ): Promise<void> {
    await this.assertEditable(surveyId);
    await this.question(surveyId, questionId);
    await this.dataSource.transaction(async (m) => {
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

  /** Throws with a clear reason when the survey may not change. */
  async assertEditable(id: string): Promise<void> {
    const survey = await this.surveys.findOne({ where: { id } });
    if (!survey) throw new SurveyError(SurveyErrorCode.NOT_FOUND);
    if (survey.builtin) throw new SurveyError(SurveyErrorCode.BUILTIN_READ_ONLY);
    const use = await this.usedBy(id);
    if (survey.lockedAt || use)
      throw new SurveyError(SurveyErrorCode.LOCKED, {
        cycleId: use?.cycleId,
        cycleName: use?.cycleName,
      });
  }

  private async insertQuestion(
    m: EntityManager,
    surveyId: string,
    input: QuestionDto,
  ): Promise<Question> {
    this.assertQuestionRules(input);
    const key = input.key || (await this.freeKey(m, surveyId, slug(input.text)));
    await this.assertKeyFree(m, surveyId, key);
    const [{ next }]: Array<{ next: number }> = await m.query(
      `SELECT COALESCE(max(position), 0) + 1 AS next FROM questions WHERE survey_id = $1`,
      [surveyId],
    );
    const repo = m.getRepository(Question);
    return repo.save(
      repo.create({
        surveyId,
        position: next,
        key,
        kind: input.kind,
        text: input.text,
        dimension: input.dimension || null,
        required: input.required,
        options: input.kind === 'single_choice' ? input.options : [],
      }),
    );
  }

  private assertQuestionRules(input: QuestionDto): void {
    if (SCORED.has(input.kind) && !input.dimension)
      throw new SurveyError(SurveyErrorCode.DIMENSION_REQUIRED);
    if (input.kind === 'single_choice' && input.options.length < 2)
      throw new SurveyError(SurveyErrorCode.OPTIONS_REQUIRED);
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
