import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalyticsModule } from '../analytics/analytics.module';
import { AuthModule } from '../auth/auth.module';
import { CyclesModule } from '../cycles/cycles.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { DirectoryModule } from '../directory/directory.module';
import { JobsModule } from '../jobs/jobs.module';
import { RespondModule } from '../respond/respond.module';
import { SurveysModule } from '../surveys/surveys.module';
import { ActionPlanShareService } from './action-plan-share.service';
import { ActionPlansApiController } from './action-plans-api.controller';
import { ActionPlansController } from './action-plans.controller';
import { ActionPlansService } from './action-plans.service';
import { ActionPlanAction } from './entities/action-plan-action.entity';
import { ActionPlanEvent } from './entities/action-plan-event.entity';
import { ActionPlan } from './entities/action-plan.entity';
import { FollowUpDigest } from './entities/follow-up-digest.entity';
import { FollowUpEvent } from './entities/follow-up-event.entity';
import { FollowUp } from './entities/follow-up.entity';
import { FollowThroughEmails } from './follow-through-emails.service';
import { FollowThroughEvents } from './follow-through-events';
import { FollowThroughImpactService } from './follow-through-impact.service';
import { FollowThroughViews } from './follow-through-views';
import { FollowUpActionsService } from './follow-up-actions.service';
import { FollowUpDigestService } from './follow-up-digest.service';
import { FollowUpLookups } from './follow-up-lookups.service';
import { FollowUpPrivacyService } from './follow-up-privacy.service';
import { FollowUpOpener } from './follow-up-opener.service';
import { FollowUpsApiController } from './follow-ups-api.controller';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsService } from './follow-ups.service';
import { HeardYouService } from './heard-you.service';
import { ImpactController } from './impact.controller';
import { PlanCoverageService } from './plan-coverage.service';
import { UnitChoicesService } from './unit-choices.service';

/**
 * Follow-through: customer follow-ups opened from answers (with a daily digest to unit
 * managers and an optional "we heard you" email), team action plans after a cycle, and the
 * "does following through matter?" comparison. Mail and jobs go through the delivery module.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      FollowUp,
      FollowUpEvent,
      FollowUpDigest,
      ActionPlan,
      ActionPlanAction,
      ActionPlanEvent,
    ]),
    AnalyticsModule,
    AuthModule,
    CyclesModule,
    DeliveryModule,
    DirectoryModule,
    JobsModule,
    RespondModule,
    SurveysModule,
  ],
  controllers: [
    FollowUpsController,
    FollowUpsApiController,
    ActionPlansController,
    ActionPlansApiController,
    ImpactController,
  ],
  providers: [
    FollowUpOpener,
    FollowUpsService,
    FollowUpLookups,
    FollowUpActionsService,
    FollowUpDigestService,
    HeardYouService,
    FollowThroughEmails,
    ActionPlansService,
    ActionPlanShareService,
    PlanCoverageService,
    FollowThroughImpactService,
    UnitChoicesService,
    FollowThroughViews,
    FollowThroughEvents,
    FollowUpPrivacyService,
  ],
  exports: [
    FollowThroughImpactService,
    FollowUpOpener,
    FollowUpDigestService,
    FollowThroughEvents,
    FollowUpPrivacyService,
  ],
})
export class FollowThroughModule {}
