import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActionPlanAction } from './entities/action-plan-action.entity';
import { ActionPlanEvent } from './entities/action-plan-event.entity';
import { ActionPlan } from './entities/action-plan.entity';
import { FollowUpDigest } from './entities/follow-up-digest.entity';
import { FollowUpEvent } from './entities/follow-up-event.entity';
import { FollowUp } from './entities/follow-up.entity';

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
  ],
})
export class FollowThroughModule {}
