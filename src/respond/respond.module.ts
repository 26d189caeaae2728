import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app.config';
import { CyclesModule } from '../cycles/cycles.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { DirectoryModule } from '../directory/directory.module';
import { SurveysModule } from '../surveys/surveys.module';
import { AnswerSeal } from './answer-seal';
import { CustomerAnswersService } from './customer-answers.service';
import { CustomerResponsePrivacyService } from './customer-response-privacy.service';
import { CustomerResponse } from './entities/customer-response.entity';
import { EmployeeResponse } from './entities/employee-response.entity';
import { SealedEmployeeAnswers } from './entities/sealed-employee-answers.entity';
import { KioskController } from './kiosk.controller';
import { RespondController } from './respond.controller';
import { RespondService } from './respond.service';
import { RespondentPageRenderer } from './respondent-page.renderer';
import { ResponseBulkService } from './response-bulk.service';
import { ResponseImportsService } from './response-imports.service';
import { SurveyLanguage } from './survey-language';
import { SealedAnswersService } from './sealed-answers.service';
import { SubmissionWriter } from './submission-writer';
import { SurveyFormCache } from './survey-form.cache';
import { AnswerDraftSeal } from './answer-draft';
import { SurveyStepsController } from './survey-steps.controller';
import { SurveyStepsService } from './survey-steps.service';

/** The public survey pages (/s/:token) and the storing of answers. */
@Module({
  imports: [
    TypeOrmModule.forFeature([EmployeeResponse, CustomerResponse, SealedEmployeeAnswers]),
    CyclesModule,
    DeliveryModule,
    DirectoryModule,
    SurveysModule,
  ],
  controllers: [RespondController, SurveyStepsController, KioskController],
  providers: [
    RespondService,
    SubmissionWriter,
    SurveyFormCache,
    SurveyStepsService,
    SurveyLanguage,
    RespondentPageRenderer,
    ResponseBulkService,
    ResponseImportsService,
    SealedAnswersService,
    CustomerAnswersService,
    CustomerResponsePrivacyService,
    {
      provide: AnswerSeal,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) =>
        new AnswerSeal(config.get('privacy', { infer: true }).responseKey),
    },
    {
      provide: AnswerDraftSeal,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) =>
        new AnswerDraftSeal(config.get('privacy', { infer: true }).responseKey),
    },
  ],
  exports: [
    RespondentPageRenderer,
    ResponseBulkService,
    ResponseImportsService,
    SealedAnswersService,
    CustomerAnswersService,
    CustomerResponsePrivacyService,
  ],
})
export class RespondModule {}
