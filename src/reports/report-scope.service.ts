import { Injectable } from '@nestjs/common';
import type { CurrentUser } from '../auth/current-user';
import { UnitNode, UnitsService } from '../directory/units.service';
import { ReportError, ReportErrorCode } from './reports.errors';

export type ScopeUnit = UnitNode;

/**
 * Which units a reader may open: executives, HR and admins every unit; a manager their own
 * unit's subtree (materialized path prefix). The units come from the directory; figures come
 * from analytics.
 */
@Injectable()
export class ReportScopeService {
  constructor(private readonly units: UnitsService) {}

  /** The unit, if the reader may see it; 404 if it does not exist, 403 outside their subtree. */
  async unitFor(user: CurrentUser, unitId: string): Promise<ScopeUnit> {
    const unit = await this.units.node(unitId);
    if (!unit) throw new ReportError(ReportErrorCode.UNIT_NOT_FOUND);
    if (user.scope && !unit.path.startsWith(user.scope.path))
      throw new ReportError(ReportErrorCode.OUT_OF_SCOPE);
    return unit;
  }

  /** The unit a reader's reports start at: null for the whole company, else their own unit. */
  async rootFor(user: CurrentUser): Promise<ScopeUnit | null> {
    return user.scope ? this.unitFor(user, user.scope.unitId) : null;
  }

  /** Ids of the units in a subtree (or every unit for null). */
  async subtreeIds(path: string | null): Promise<Set<string>> {
    return new Set(await this.units.subtreeIdsByPath(path));
  }

  /** Units directly below `unitId` (or the top-level units), active ones, by name. */
  children(unitId: string | null): Promise<ScopeUnit[]> {
    return this.units.activeChildren(unitId === null ? null : [unitId]);
  }

  /** Active units directly below any of `unitIds`, by name. */
  childrenOf(unitIds: readonly string[]): Promise<ScopeUnit[]> {
    return this.units.activeChildren(unitIds);
  }
}
