import { Injectable } from '@nestjs/common';
import { SurveyCatalog } from '../surveys/survey-catalog.service';
import { buildSurveyForm, SurveyForm } from './answer-form';

interface Loaded {
  form: SurveyForm;
  locked: boolean;
}

interface Entry {
  /** null: the survey does not exist. */
  loaded: Promise<Loaded | null>;
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

  constructor(private readonly surveys: SurveyCatalog) {}

  /** The form of a locked survey this instance has already loaded, if any. */
  peek(surveyId: unknown): SurveyForm | undefined {
    return typeof surveyId === 'string' ? this.settled.get(surveyId) : undefined;
  }

  /** The survey's form; null when the survey does not exist. */
  get(surveyId: string): Promise<SurveyForm | null> {
    const now = Date.now();
    const cached = this.entries.get(surveyId);
    if (cached && cached.expiresAt > now) return formOf(cached);
    // Concurrent first requests share one load; kept as an unlocked survey until it says locked.
    const entry: Entry = { loaded: this.load(surveyId), expiresAt: now + UNLOCKED_TTL_MS };
    this.entries.delete(surveyId);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(surveyId, entry);
    entry.loaded.then(
      (loaded) => {
        if (!loaded?.locked) return;
        entry.expiresAt = now + LOCKED_TTL_MS;
        if (this.settled.size >= MAX_ENTRIES)
          this.settled.delete(this.settled.keys().next().value!);
        this.settled.set(surveyId, loaded.form);
      },
      () => this.entries.delete(surveyId),
    );
    return formOf(entry);
  }

  private async load(surveyId: string): Promise<Loaded | null> {
    const survey = await this.surveys.definition(surveyId);
    return survey
      ? { form: buildSurveyForm(survey, survey.questions), locked: survey.locked }
      : null;
  }
}

const formOf = (entry: Entry): Promise<SurveyForm | null> =>
  entry.loaded.then((loaded) => loaded?.form ?? null);
