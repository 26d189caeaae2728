import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminSurveysController } from './admin-surveys.controller';
import { Question } from './entities/question.entity';
import { Survey } from './entities/survey.entity';
import { SurveysApiController } from './surveys-api.controller';
import { SurveysService } from './surveys.service';

/** Survey templates and questions; the built-in templates are seeded by a migration. */
@Module({
  imports: [TypeOrmModule.forFeature([Survey, Question])],
  controllers: [AdminSurveysController, SurveysApiController],
  providers: [SurveysService],
  exports: [SurveysService],
})
export class SurveysModule {}
