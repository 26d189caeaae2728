import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerResponse } from './entities/customer-response.entity';
import { EmployeeResponse } from './entities/employee-response.entity';
import { RespondController } from './respond.controller';
import { RespondService } from './respond.service';
import { RespondentPageRenderer } from './respondent-page.renderer';
import { SurveyFormCache } from './survey-form.cache';

/** The public survey pages (/s/:token) and the storing of answers. */
@Module({
  imports: [TypeOrmModule.forFeature([EmployeeResponse, CustomerResponse])],
  controllers: [RespondController],
  providers: [RespondService, SurveyFormCache, RespondentPageRenderer],
  exports: [RespondentPageRenderer],
})
export class RespondModule {}
