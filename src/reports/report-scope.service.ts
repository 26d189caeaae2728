import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CurrentUser } from '../auth/current-user';
import { ReportError, ReportErrorCode } from './reports.errors';

export interface ScopeUnit {
  id: string;
  name: string;
  parentId: string | null;
  path: string;
}

/**
 * Which units a reader may open: executives, HR and admins every unit; a manager their own
 * unit's subtree (materialized path prefix). Directory data only; figures come from analytics.
 */
@Injectable()
export class ReportScopeService {
  constructor(private readonly dataSource: DataSource) {}

  /** The unit, if the reader may see it; 404 if it does not exist, 403 outside their subtree. */
  async unitFor(user: CurrentUser, unitId: string): Promise<ScopeUnit> {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(unitId);
    const rows: ScopeUnit[] = isUuid
      ? await this.dataSource.query(
          `SELECT id, name, parent_id AS "parentId", path FROM units WHERE id = $1`,
          [unitId],
        )
      : [];
    if (rows.length === 0) throw new ReportError(ReportErrorCode.UNIT_NOT_FOUND);
    const unit = rows[0];
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
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM units ${path === null ? '' : `WHERE path LIKE $1 || '%'`}`,
      path === null ? [] : [path],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Units directly below `unitId` (or the top-level units), active ones, by name. */
  async children(unitId: string | null): Promise<ScopeUnit[]> {
    return this.dataSource.query(
      `SELECT id, name, parent_id AS "parentId", path FROM units
        WHERE ${unitId === null ? 'parent_id IS NULL' : 'parent_id = $1'} AND deactivated_at IS NULL
        ORDER BY name`,
      unitId === null ? [] : [unitId],
    );
  }

  /** Active units directly below any of `unitIds`, by name. */
  async childrenOf(unitIds: readonly string[]): Promise<ScopeUnit[]> {
    if (unitIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT id, name, parent_id AS "parentId", path FROM units
        WHERE parent_id = ANY($1::uuid[]) AND deactivated_at IS NULL
        ORDER BY name`,
      [unitIds],
    );
  }
}
