import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { availableLanguages, languageAutonyms } from '../respond/i18n';

const LANGUAGES = availableLanguages().map((l) => l.code);

/** An employee's or contact's survey language: an available code, or null/blank for the default. */
export function IsSurveyLanguage(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      enum: LANGUAGES,
      nullable: true,
      description: 'Language of their surveys and emails; null or blank: the company default',
    }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) => (value === '' ? null : value)),
    IsIn(LANGUAGES, { message: `Choose one of ${LANGUAGES.join(', ')}, or none.` }),
  );
}

/** Options for the "Survey language" select: each language named in itself. */
export function surveyLanguageChoices(selected: unknown) {
  return languageAutonyms().map((l) => ({ ...l, selected: l.code === selected }));
}

/** The language's own name for a detail page; null for the company default. */
export function surveyLanguageName(code: string | null): string | null {
  if (code === null) return null;
  return languageAutonyms().find((l) => l.code === code)?.name ?? code;
}
