import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CyclesModule } from '../cycles/cycles.module';
import { CustomerResponse } from './entities/customer-response.entity';
import { EmployeeResponse } from './entities/employee-response.entity';
import { RespondController } from './respond.controller';
import { RespondService } from './respond.service';
import { RespondentPageRenderer } from './respondent-page.renderer';
import { ResponseOrderScrubber } from './response-order.scrubber';
import { SubmissionWriter } from './submission-writer';
import { SurveyFormCache } from './survey-form.cache';

/** The public survey pages (/s/:token) and the storing of answers. */
@Module({
  imports: [TypeOrmModule.forFeature([EmployeeResponse, CustomerResponse]), CyclesModule],
  controllers: [RespondController],
  providers: [
    RespondService,
    SubmissionWriter,
    SurveyFormCache,
    RespondentPageRenderer,
    ResponseOrderScrubber,
  ],
  exports: [RespondentPageRenderer],
})
export class RespondModule {}
