import { Injectable, OnModuleInit } from '@nestjs/common';
import { registerModulePartials } from '../common/module-partials';

/**
 * Registers views/follow-through/partials/*.hbs as `follow-through/<name>`.
 * `follow-through/impact` is meant for the linkage report too:
 * `{{> follow-through/impact impact}}` with impactView() of FollowThroughImpactService.compare().
 */
@Injectable()
export class FollowThroughViews implements OnModuleInit {
  onModuleInit(): void {
    registerModulePartials('follow-through');
  }
}
