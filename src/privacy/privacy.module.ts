import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CyclesModule } from '../cycles/cycles.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { DirectoryModule } from '../directory/directory.module';
import { FollowThroughModule } from '../follow-through/follow-through.module';
import { JobsModule } from '../jobs/jobs.module';
import { RespondModule } from '../respond/respond.module';
import { SurveysModule } from '../surveys/surveys.module';
import { CommentKeysService } from './comment-keys.service';
import { RetentionPolicyRow } from './entities/retention-policy.entity';
import { ErasureService } from './erasure.service';
import { PersonalDataController } from './personal-data.controller';
import { PrivacyApiController } from './privacy-api.controller';
import { RetentionJob } from './retention-job';
import { RetentionController } from './retention.controller';
import { RetentionService } from './retention.service';
import { SubjectExportService } from './subject-export.service';

/**
 * The data subject's rights (GDPR Art. 15 and 17) and the retention policy: a person's export,
 * erasure on request and by policy, run through the owners of the person's data.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([RetentionPolicyRow]),
    CyclesModule,
    DeliveryModule,
    DirectoryModule,
    FollowThroughModule,
    JobsModule,
    RespondModule,
    SurveysModule,
  ],
  controllers: [RetentionController, PersonalDataController, PrivacyApiController],
  providers: [
    CommentKeysService,
    ErasureService,
    SubjectExportService,
    RetentionService,
    RetentionJob,
  ],
  exports: [ErasureService, RetentionService],
})
export class PrivacyModule {}
