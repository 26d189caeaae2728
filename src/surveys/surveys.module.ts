import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CyclesModule } from '../cycles/cycles.module';
import { AdminQuestionBankController } from './admin-question-bank.controller';
import { AdminSurveyTranslationsController } from './admin-survey-translations.controller';
import { AdminSurveysController } from './admin-surveys.controller';
import { Question } from './entities/question.entity';
import { SurveyTranslation } from './entities/survey-translation.entity';
import { Survey } from './entities/survey.entity';
import { QuestionBankService } from './question-bank.service';
import { SurveyCatalog } from './survey-catalog.service';
import { SurveyTranslationsApiController } from './survey-translations-api.controller';
import { SurveyTranslationsService } from './survey-translations.service';
import { SurveysApiController } from './surveys-api.controller';
import { SurveysService } from './surveys.service';

/**
 * Survey templates and questions; the built-in templates are seeded by a migration. Other
 * modules read surveys through SurveyCatalog. Cycles and surveys import each other (a cycle
 * uses surveys; a survey shows the cycle that locked it), hence the forwardRef.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Survey, Question, SurveyTranslation]),
    forwardRef(() => CyclesModule),
  ],
  // The bank's controller first: its static `bank` path must not be read as a survey id.
  controllers: [
    AdminQuestionBankController,
    AdminSurveyTranslationsController,
    AdminSurveysController,
    SurveyTranslationsApiController,
    SurveysApiController,
  ],
  providers: [SurveysService, SurveyCatalog, QuestionBankService, SurveyTranslationsService],
  exports: [SurveysService, SurveyCatalog, SurveyTranslationsService],
})
export class SurveysModule {}
