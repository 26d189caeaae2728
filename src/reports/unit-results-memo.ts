import type { CurrentUser } from '../auth/current-user';
import type { UnitResults, UnitResultsService } from '../analytics/unit-results.service';

/**
 * One request's UnitResultsService answers, so a page that shows a cycle's heatmap, trend point
 * and comments asks the analytics layer once per (cycle, unit) rather than three times.
 */
export class UnitResultsMemo {
  private readonly cache = new Map<string, Promise<UnitResults>>();

  constructor(
    private readonly service: UnitResultsService,
    private readonly user: CurrentUser,
  ) {}

  get(cycleId: string, unitId?: string): Promise<UnitResults> {
    const key = `${cycleId}|${unitId ?? ''}`;
    let hit = this.cache.get(key);
    if (hit === undefined) {
      hit = this.service.forCycle(this.user, cycleId, unitId);
      this.cache.set(key, hit);
    }
    return hit;
  }

  /**
   * The same service as seen by a reader of the whole company, for the company benchmark a
   * manager's dashboard compares against; callers read only its `total` row.
   */
  companyView(): UnitResultsMemo {
    return this.user.scope === null
      ? this
      : new UnitResultsMemo(this.service, { ...this.user, scope: null });
  }
}
