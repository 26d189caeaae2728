import type { AnalyticsReads } from '../analytics/analytics-reads';
import type { CurrentUser } from '../auth/current-user';
import type {
  UnitFigures,
  UnitResults,
  UnitResultsService,
} from '../analytics/unit-results.service';

/**
 * One report build's UnitResultsService answers, over one set of shared reads, so a page that
 * shows a cycle's heatmap, trend point and comments asks the analytics layer once per (cycle,
 * unit) rather than three times, and every cycle's stats are read once.
 */
export class UnitResultsMemo {
  private readonly results = new Map<string, Promise<UnitResults>>();
  private readonly figureSets = new Map<string, Promise<UnitFigures>>();

  constructor(
    private readonly service: UnitResultsService,
    private readonly user: CurrentUser,
    readonly reads: AnalyticsReads,
  ) {}

  /** The full results table (item figures and comment counts too). */
  get(cycleId: string, unitId?: string): Promise<UnitResults> {
    return memo(this.results, `${cycleId}|${unitId ?? ''}`, () =>
      this.service.forCycle(this.user, cycleId, unitId, this.reads),
    );
  }

  /** Metric figures only: every group of the view (`'all'`) or the view's own row (`'root'`). */
  figures(
    cycleId: string,
    unitId: string | undefined,
    groups: 'all' | 'root',
  ): Promise<UnitFigures> {
    return memo(this.figureSets, `${groups}|${cycleId}|${unitId ?? ''}`, async () =>
      this.service.figuresForCycle(
        this.user,
        await this.reads.cycle(cycleId),
        unitId,
        groups,
        this.reads,
      ),
    );
  }

  /**
   * The same service as seen by a reader of the whole company, for the company benchmark a
   * manager's dashboard compares against; callers read only its `total` row.
   */
  companyView(): UnitResultsMemo {
    return this.user.scope === null
      ? this
      : new UnitResultsMemo(this.service, { ...this.user, scope: null }, this.reads);
  }
}

function memo<T>(
  cache: Map<string, Promise<T>>,
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = compute();
    cache.set(key, hit);
  }
  return hit;
}
