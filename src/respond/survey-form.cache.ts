import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { QuestionKind } from '../surveys/entities/question.entity';
import type { Audience } from '../surveys/entities/survey.entity';
import { buildSurveyForm, SurveyForm } from './answer-form';

interface Entry {
  form: Promise<SurveyForm>;
  expiresAt: number;
}

/** A launched cycle locks its surveys, so their forms never change and are kept. */
const LOCKED_TTL_MS = Number.POSITIVE_INFINITY;
/**
 * An unlocked survey can still be edited; it is reloaded now and then. (Every build registers
 * a new validation class with class-validator, so this is not "every request" either.)
 */
const UNLOCKED_TTL_MS = 30_000;
const MAX_ENTRIES = 200;

/** Survey questions per survey id, in memory, so a submission needs no query to read them. */
@Injectable()
export class SurveyFormCache {
  private readonly entries = new Map<string, Entry>();
  /** Loaded forms of locked surveys, which can be used without asking the database anything. */
  private readonly settled = new Map<string, SurveyForm>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The form of a locked survey this instance has already loaded, if any. */
  peek(surveyId: unknown): SurveyForm | undefined {
    return typeof surveyId === 'string' ? this.settled.get(surveyId) : undefined;
  }

  get(surveyId: string, locked: boolean): Promise<SurveyForm> {
    const now = Date.now();
    const cached = this.entries.get(surveyId);
    if (cached && cached.expiresAt > now) return cached.form;
    // Concurrent first requests share one load.
    const form = this.load(surveyId);
    this.entries.delete(surveyId);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(surveyId, {
      form,
      expiresAt: now + (locked ? LOCKED_TTL_MS : UNLOCKED_TTL_MS),
    });
    form.then(
      (loaded) => {
        if (!locked) return;
        if (this.settled.size >= MAX_ENTRIES)
          this.settled.delete(this.settled.keys().next().value!);
        this.settled.set(surveyId, loaded);
      },
      () => this.entries.delete(surveyId),
    );
    return form;
  }

  private async load(surveyId: string): Promise<SurveyForm> {
    const rows: Array<{
      id: string;
      name: string;
      description: string;
      audience: Audience;
      key: string | null;
      kind: QuestionKind;
      text: string;
      required: boolean;
      options: string[];
      max_length: number;
    }> = await this.dataSource.query(
      `SELECT s.id, s.name, s.description, s.audience,
              q.key, q.kind, q.text, q.required, q.options, q.max_length
         FROM surveys s LEFT JOIN questions q ON q.survey_id = s.id
        WHERE s.id = $1
        ORDER BY q.position, q.key`,
      [surveyId],
    );
    if (rows.length === 0) throw new Error(`Survey ${surveyId} does not exist`);
    const questions = rows
      .filter((r) => r.key !== null)
      .map((r) => ({
        key: r.key!,
        kind: r.kind,
        text: r.text,
        required: r.required,
        options: Array.isArray(r.options) ? r.options.map(String) : [],
        maxLength: r.max_length,
      }));
    return buildSurveyForm(rows[0], questions);
  }
}
