import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { availableLanguages, isAvailableLanguage } from '../respond/i18n';
import type { RowError } from '../common/csv-reader';
import { SurveyTranslation } from './entities/survey-translation.entity';
import { SurveyCatalog } from './survey-catalog.service';
import {
  currentTranslations,
  parseTranslationCsv,
  SourceString,
  StoredTranslation,
  surveyStrings,
  translationCsvRows,
  translationReport,
  TranslationReport,
} from './survey-strings';
import { SurveyError, SurveyErrorCode } from './surveys.errors';

export interface TranslationImport {
  /** Strings stored (new or changed) from the file; 0 when it had errors. */
  saved: number;
  errors: RowError[];
  report: TranslationReport;
}

/**
 * A survey's translations per language: the translator's CSV out and back in, what is missing
 * or stale, and the current translations respondents are shown. Translations may change on a
 * locked survey too: they change no question, only how it reads.
 */
@Injectable()
export class SurveyTranslationsService {
  constructor(
    @InjectRepository(SurveyTranslation)
    private readonly translations: Repository<SurveyTranslation>,
    private readonly catalog: SurveyCatalog,
    private readonly audit: AuditService,
  ) {}

  /** The translation CSV of one language: key, source, translation. */
  async exportRows(surveyId: string, language: string): Promise<string[][]> {
    const { strings, stored } = await this.load(surveyId, language);
    return translationCsvRows(strings, stored);
  }

  async report(surveyId: string, language: string): Promise<TranslationReport> {
    const { strings, stored } = await this.load(surveyId, language);
    return translationReport(language, strings, stored);
  }

  /** One report per available language, for the survey page. */
  async reports(surveyId: string): Promise<TranslationReport[]> {
    const strings = await this.strings(surveyId);
    const rows = await this.translations.find({ where: { surveyId } });
    return availableLanguages().map(({ code }) =>
      translationReport(
        code,
        strings,
        rows.filter((r) => r.language === code),
      ),
    );
  }

  /** Stores the file's translations (all or nothing) and reports what is still to do. */
  async import(surveyId: string, language: string, content: string): Promise<TranslationImport> {
    const { strings, stored } = await this.load(surveyId, language);
    const parsed = parseTranslationCsv(content, strings);
    if (parsed.errors.length > 0)
      return {
        saved: 0,
        errors: parsed.errors,
        report: translationReport(language, strings, stored),
      };
    const before = new Map(stored.map((t) => [t.key, t]));
    const changed = parsed.rows.filter((r) => {
      const old = before.get(r.key);
      return !old || old.text !== r.text || old.sourceHash !== r.sourceHash;
    });
    if (changed.length > 0)
      await this.translations.upsert(
        changed.map((r) => ({
          surveyId,
          language,
          key: r.key,
          text: r.text,
          sourceHash: r.sourceHash,
        })),
        ['surveyId', 'language', 'key'],
      );
    if (changed.length > 0)
      await this.audit.record(
        'survey.translations_import',
        { type: 'survey', id: surveyId },
        {
          before: Object.fromEntries(changed.map((r) => [r.key, before.get(r.key)?.text ?? null])),
          after: Object.fromEntries(changed.map((r) => [r.key, r.text])),
          details: { language, saved: changed.length },
        },
      );
    const after = new Map(before);
    for (const r of changed) after.set(r.key, r);
    return {
      saved: changed.length,
      errors: [],
      report: translationReport(language, strings, [...after.values()]),
    };
  }

  /** The translations of one language that match the survey's text now, by string key. */
  async current(surveyId: string, language: string): Promise<Map<string, string>> {
    const { strings, stored } = await this.load(surveyId, language);
    return currentTranslations(strings, stored);
  }

  private async load(
    surveyId: string,
    language: string,
  ): Promise<{ strings: SourceString[]; stored: StoredTranslation[] }> {
    if (!isAvailableLanguage(language))
      throw new SurveyError(SurveyErrorCode.UNKNOWN_LANGUAGE, {
        languages: availableLanguages()
          .map((l) => l.code)
          .join(', '),
      });
    const [strings, stored] = await Promise.all([
      this.strings(surveyId),
      this.translations.find({
        select: { key: true, text: true, sourceHash: true },
        where: { surveyId, language },
      }),
    ]);
    return { strings, stored };
  }

  private async strings(surveyId: string): Promise<SourceString[]> {
    const survey = await this.catalog.definition(surveyId);
    if (!survey) throw new SurveyError(SurveyErrorCode.NOT_FOUND);
    return surveyStrings(survey);
  }
}
