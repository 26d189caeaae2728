import { Injectable } from '@nestjs/common';
import { SettingsService } from '../settings/settings.service';
import { optionKey, questionTextKey } from '../surveys/survey-strings';
import { SurveyTranslationsService } from '../surveys/survey-translations.service';
import type { SurveyForm } from './answer-form';
import { availableLanguage, DEFAULT_LOCALE, languageAutonyms } from './i18n';

/** How long a survey's translations are kept before they are read again. */
const TTL_MS = 30_000;
const MAX_ENTRIES = 400;

export interface LanguageLink {
  code: string;
  name: string;
  current: boolean;
}

/**
 * Which language a survey page is shown in, and the survey's text in it. The language is the
 * one asked for with `?lang=` (the page's switcher), else the person's (directory, copied to
 * the invitation at launch), else the company's default. Strings without a current translation
 * (missing, or translated from a source text that has since changed) show the source text.
 * Translations are read for showing a page only; a submission is checked against the form
 * itself, whose answer values never change with the language.
 */
@Injectable()
export class SurveyLanguage {
  private readonly texts = new Map<string, { at: number; texts: Promise<Map<string, string>> }>();

  constructor(
    private readonly translations: SurveyTranslationsService,
    private readonly settings: SettingsService,
  ) {}

  /** The language to show: asked for, else the person's, else the company's default. */
  pick(requested: unknown, personal?: string | null): string {
    return (
      availableLanguage(typeof requested === 'string' ? requested : null) ??
      availableLanguage(personal) ??
      availableLanguage(this.settings.current().defaultLanguage) ??
      DEFAULT_LOCALE
    );
  }

  /** The switcher's links, the current language marked. */
  links(current: string): LanguageLink[] {
    return languageAutonyms().map((l) => ({ ...l, current: l.code === current }));
  }

  /** The form with its name, questions and choices in `language` where translated. */
  async translate(form: SurveyForm, language: string): Promise<SurveyForm> {
    const texts = await this.textsOf(form.surveyId, language);
    if (texts.size === 0) return form;
    return {
      ...form,
      name: texts.get('name') ?? form.name,
      questions: form.questions.map((q) => ({
        ...q,
        text: texts.get(questionTextKey(q.key)) ?? q.text,
        optionLabels: q.options.map((o, i) => texts.get(optionKey(q.key, i)) ?? o),
      })),
    };
  }

  private textsOf(surveyId: string, language: string): Promise<Map<string, string>> {
    const key = `${surveyId}:${language}`;
    const now = Date.now();
    const cached = this.texts.get(key);
    if (cached && now - cached.at < TTL_MS) return cached.texts;
    const texts = this.translations.current(surveyId, language).catch(() => new Map());
    if (this.texts.size >= MAX_ENTRIES) this.texts.delete(this.texts.keys().next().value!);
    this.texts.set(key, { at: now, texts });
    return texts;
  }
}
