import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../auth/current-user';
import { Paged } from '../common/pagination';
import { queryRows } from '../database/sql';
import { assertCanManage, assertInScope, scopeCondition } from './directory-access';
import { unitAudit, unitTarget } from './directory-audit';
import { DirectoryError, DirectoryErrorCode } from './directory.errors';
import { ListQueryDto } from './dto/list-query.dto';
import { CreateUnitDto, UpdateUnitDto } from './dto/unit.dto';
import { Unit } from './entities/unit.entity';
import {
  containsPattern,
  listOptions,
  offsetOf,
  orderBy,
  pageFromRows,
  violatedUniqueConstraint,
} from './list-options';
import { countRecipientsUnder } from './recipients.queries';
import { lockDirectoryTree } from './tree-lock';

export interface UnitListItem {
  id: string;
  externalId: string;
  name: string;
  parentId: string | null;
  parentName: string | null;
  depth: number;
  deactivatedAt: Date | null;
  employees: number;
  subtreeEmployees: number;
  accounts: number;
}

/** One unit as other modules see it: its name and materialized path. */
export interface UnitSummary {
  id: string;
  name: string;
  path: string;
}

/** A unit with its place in the tree. */
export interface UnitNode extends UnitSummary {
  parentId: string | null;
}

/** A unit as a walk over the whole tree needs it. */
export interface UnitTreeRow extends UnitNode {
  externalId: string;
  active: boolean;
}

export interface UnitDetail {
  unit: Unit;
  parent: Unit | null;
  ancestors: Array<{ id: string; name: string }>;
  children: Array<{ id: string; name: string; deactivatedAt: Date | null }>;
  counts: { employees: number; subtreeEmployees: number; accounts: number; subUnits: number };
}

const SORTS: Record<string, string> = {
  tree: 't.sort_key',
  name: 'lower(u.name)',
  externalId: 'u.external_id',
  created: 'u.created_at',
};

/** An employee counts as active until their exit date has passed. */
export const ACTIVE_EMPLOYEE = `e.deactivated_at IS NULL AND (e.exit_date IS NULL OR e.exit_date > current_date)`;
export const ACTIVE_ACCOUNT = `a.deactivated_at IS NULL AND (a.churn_date IS NULL OR a.churn_date > current_date)`;

/** The org tree: units keep a materialized path ("/root/.../own/") rewritten on every move. */
@Injectable()
export class UnitsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Every unit's parent (null for a top unit), for code that walks the whole tree. */
  async parents(
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string | null>> {
    const rows: Array<{ id: string; parent_id: string | null }> = await manager.query(
      `SELECT id, parent_id FROM units`,
    );
    return new Map(rows.map((r) => [r.id, r.parent_id]));
  }

  /** Name and path of the given units (deactivated ones too), in no particular order. */
  summariesByIds(ids: readonly string[]): Promise<UnitSummary[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return queryRows<UnitSummary>(
      this.dataSource,
      `SELECT id, name, path FROM units WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
  }

  /**
   * Every unit at or below the path (the whole tree when null), deactivated ones too, in path
   * order; `activeOnly` leaves the deactivated out.
   */
  summariesUnder(
    path: string | null,
    options: { activeOnly?: boolean } = {},
  ): Promise<UnitSummary[]> {
    return queryRows<UnitSummary>(
      this.dataSource,
      `SELECT id, name, path FROM units
        WHERE ($1::text IS NULL OR path LIKE $1 || '%') AND (NOT $2 OR deactivated_at IS NULL)
        ORDER BY path`,
      [path, options.activeOnly ?? false],
    );
  }

  /** Ids of the units at or below the path (every unit when null; deactivated ones too). */
  async subtreeIdsByPath(path: string | null): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `SELECT id FROM units WHERE $1::text IS NULL OR path LIKE $1 || '%'`,
      [path],
    );
    return rows.map((r) => r.id);
  }

  /** Every unit, deactivated ones too, in path order: the whole tree as reports walk it. */
  tree(): Promise<UnitTreeRow[]> {
    return queryRows<UnitTreeRow>(
      this.dataSource,
      `SELECT id, parent_id AS "parentId", name, external_id AS "externalId", path,
              deactivated_at IS NULL AS active
         FROM units ORDER BY path`,
    );
  }

  /** One unit and its parent, deactivated or not; null when there is none (or `id` is no uuid). */
  async node(id: string): Promise<UnitNode | null> {
    if (!isUUID(id)) return null;
    const [row] = await queryRows<UnitNode>(
      this.dataSource,
      `SELECT id, name, parent_id AS "parentId", path FROM units WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Active units directly below any of `parentIds` (the top units when null), by name. */
  activeChildren(parentIds: readonly string[] | null): Promise<UnitNode[]> {
    if (parentIds !== null && parentIds.length === 0) return Promise.resolve([]);
    return queryRows<UnitNode>(
      this.dataSource,
      `SELECT id, name, parent_id AS "parentId", path FROM units
        WHERE (CASE WHEN $1::uuid[] IS NULL THEN parent_id IS NULL ELSE parent_id = ANY($1) END)
          AND deactivated_at IS NULL
        ORDER BY name`,
      [parentIds],
    );
  }

  /** Units in tree order (or sorted), limited to the user's subtree, with headcounts. */
  async list(user: CurrentUser, query: ListQueryDto): Promise<Paged<UnitListItem>> {
    const options = listOptions(query, SORTS, {
      sort: 'tree',
      statuses: ['active', 'inactive', 'all'],
    });
    const params: unknown[] = [];
    const roots = user.scope ? `u.id = $${params.push(user.scope.unitId)}` : 'u.parent_id IS NULL';
    const where = [
      options.status === 'active'
        ? 'u.deactivated_at IS NULL'
        : options.status === 'inactive'
          ? 'u.deactivated_at IS NOT NULL'
          : 'TRUE',
    ];
    if (options.q) {
      params.push(containsPattern(options.q));
      where.push(`(u.name ILIKE $${params.length} OR u.external_id ILIKE $${params.length})`);
    }
    params.push(options.pageSize, offsetOf(options));
    const rows: Array<Record<string, unknown> & { total: string }> = await this.dataSource.query(
      `WITH RECURSIVE t AS (
         SELECT u.id, ARRAY[lower(u.name) || ' ' || u.id::text] AS sort_key, 0 AS depth
           FROM units u WHERE ${roots}
         UNION ALL
         SELECT c.id, t.sort_key || (lower(c.name) || ' ' || c.id::text), t.depth + 1
           FROM units c JOIN t ON c.parent_id = t.id
       )
       SELECT u.id, u.external_id, u.name, u.parent_id, u.path, u.deactivated_at, t.depth,
              p.name AS parent_name, count(*) OVER () AS total
         FROM t JOIN units u ON u.id = t.id LEFT JOIN units p ON p.id = u.parent_id
        WHERE ${where.join(' AND ')}
        ${orderBy(SORTS, options, 'u.id')}
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const counts = await this.countsFor(rows.map((r) => r.id as string));
    return pageFromRows(rows, options, (r) => ({
      id: r.id as string,
      externalId: r.external_id as string,
      name: r.name as string,
      parentId: r.parent_id as string | null,
      parentName: r.parent_name as string | null,
      depth: Number(r.depth),
      deactivatedAt: r.deactivated_at as Date | null,
      ...(counts.get(r.id as string) ?? { employees: 0, subtreeEmployees: 0, accounts: 0 }),
    }));
  }

  /** Every unit in scope, tree-ordered, as CSV rows in the import format. */
  async exportRows(user: CurrentUser, query: ListQueryDto): Promise<string[][]> {
    const params: unknown[] = [];
    const status =
      query.status === 'inactive'
        ? 'u.deactivated_at IS NOT NULL'
        : query.status === 'all'
          ? 'TRUE'
          : 'u.deactivated_at IS NULL';
    const search = query.q
      ? `AND (u.name ILIKE $${params.push(containsPattern(query.q))} OR u.external_id ILIKE $${params.length})`
      : '';
    const rows: Array<{ external_id: string; name: string; parent: string | null }> =
      await this.dataSource.query(
        `SELECT u.external_id, u.name, p.external_id AS parent
           FROM units u LEFT JOIN units p ON p.id = u.parent_id
          WHERE ${scopeCondition(user, 'u.path', params)} AND ${status} ${search}
          ORDER BY length(u.path) - length(replace(u.path, '/', '')), lower(u.name), u.id`,
        params,
      );
    return [
      ['external_id', 'name', 'parent_external_id'],
      ...rows.map((r) => [r.external_id, r.name, r.parent ?? '']),
    ];
  }

  async get(user: CurrentUser, id: string): Promise<UnitDetail> {
    const unit = await this.require(this.dataSource.manager, id);
    assertInScope(user, unit.path);
    const ids = unit.path.split('/').filter(Boolean);
    const visible = user.scope ? ids.slice(ids.indexOf(user.scope.unitId)) : ids;
    const lineage: Array<{ id: string; name: string }> = await this.dataSource.query(
      `SELECT id, name FROM units WHERE id = ANY($1::uuid[])`,
      [visible.slice(0, -1)],
    );
    const byId = new Map(lineage.map((a) => [a.id, a]));
    const children: UnitDetail['children'] = await this.dataSource.query(
      `SELECT id, name, deactivated_at AS "deactivatedAt" FROM units WHERE parent_id = $1
        ORDER BY deactivated_at IS NOT NULL, lower(name)`,
      [id],
    );
    const counts = (await this.countsFor([id])).get(id)!;
    return {
      unit,
      parent: unit.parentId
        ? await this.dataSource.manager.findOneBy(Unit, { id: unit.parentId })
        : null,
      ancestors: visible
        .slice(0, -1)
        .map((a) => byId.get(a))
        .filter((a): a is { id: string; name: string } => !!a),
      children,
      counts: { ...counts, subUnits: children.filter((c) => !c.deactivatedAt).length },
    };
  }

  async create(user: CurrentUser, input: CreateUnitDto): Promise<Unit> {
    assertCanManage(user);
    return this.dataSource.transaction(async (manager) => {
      await lockDirectoryTree(manager);
      const parent = input.parentId ? await this.requireParent(manager, input.parentId) : null;
      const id = randomUUID();
      const unit = manager.create(Unit, {
        id,
        externalId: input.externalId || `U-${id.slice(0, 8).toUpperCase()}`,
        name: input.name,
        parentId: parent?.id ?? null,
        path: `${parent?.path ?? '/'}${id}/`,
      });
      let saved: Unit;
      try {
        saved = await manager.save(unit);
      } catch (error) {
        throw this.translate(error);
      }
      await this.audit.record('directory.unit_create', unitTarget(saved), {
        after: unitAudit(saved),
        manager,
      });
      return saved;
    });
  }

  /** Renames and/or moves a unit; moving carries its whole subtree along. */
  async update(user: CurrentUser, id: string, input: UpdateUnitDto): Promise<Unit> {
    assertCanManage(user);
    return this.dataSource.transaction(async (manager) => {
      await lockDirectoryTree(manager);
      const unit = await this.require(manager, id);
      const before = unitAudit(unit);
      if (input.parentId !== undefined && input.parentId !== unit.parentId) {
        await this.moveWith(manager, unit, input.parentId);
      }
      const changes: Partial<Unit> = {};
      if (input.name !== undefined && input.name !== unit.name) changes.name = input.name;
      if (input.externalId && input.externalId !== unit.externalId)
        changes.externalId = input.externalId;
      if (Object.keys(changes).length) {
        try {
          await manager.update(Unit, { id }, changes);
        } catch (error) {
          throw this.translate(error);
        }
      }
      const saved = await this.require(manager, id);
      await this.audit.record('directory.unit_update', unitTarget(saved), {
        before,
        after: unitAudit(saved),
        manager,
      });
      return saved;
    });
  }

  /** Moves a unit under another (null: to the top level); refuses to move it into its own subtree. */
  async move(user: CurrentUser, id: string, parentId: string | null): Promise<Unit> {
    assertCanManage(user);
    return this.dataSource.transaction(async (manager) => {
      await lockDirectoryTree(manager);
      const unit = await this.require(manager, id);
      const before = unitAudit(unit);
      await this.moveWith(manager, unit, parentId);
      const saved = await this.require(manager, id);
      await this.audit.record('directory.unit_update', unitTarget(saved), {
        before,
        after: unitAudit(saved),
        manager,
      });
      return saved;
    });
  }

  /** Soft-deactivates an empty unit: sub-units, employees and accounts must be moved out first. */
  async deactivate(user: CurrentUser, id: string): Promise<Unit> {
    assertCanManage(user);
    return this.dataSource.transaction(async (manager) => {
      await lockDirectoryTree(manager);
      const unit = await this.require(manager, id);
      if (unit.deactivatedAt) throw new DirectoryError(DirectoryErrorCode.ALREADY_INACTIVE);
      const [busy]: Array<{ busy: boolean }> = await manager.query(
        `SELECT EXISTS (SELECT 1 FROM units WHERE parent_id = $1 AND deactivated_at IS NULL)
             OR EXISTS (SELECT 1 FROM employees e WHERE e.unit_id = $1 AND ${ACTIVE_EMPLOYEE})
             OR EXISTS (SELECT 1 FROM customer_accounts a WHERE a.unit_id = $1 AND ${ACTIVE_ACCOUNT})
             AS busy`,
        [id],
      );
      if (busy.busy) throw new DirectoryError(DirectoryErrorCode.UNIT_NOT_EMPTY);
      await manager.update(Unit, { id }, { deactivatedAt: new Date() });
      await this.audit.record('directory.unit_deactivate', unitTarget(unit), { manager });
      return this.require(manager, id);
    });
  }

  async reactivate(user: CurrentUser, id: string): Promise<Unit> {
    assertCanManage(user);
    return this.dataSource.transaction(async (manager) => {
      const unit = await this.require(manager, id);
      await manager.update(Unit, { id: unit.id }, { deactivatedAt: null });
      await this.audit.record('directory.unit_reactivate', unitTarget(unit), { manager });
      return this.require(manager, id);
    });
  }

  /** Active units in the user's scope, indented by depth, for pickers. */
  async choices(
    user: CurrentUser,
    options: { excludeSubtreeOf?: string } = {},
  ): Promise<Array<{ id: string; label: string }>> {
    const params: unknown[] = [];
    let exclude = '';
    if (options.excludeSubtreeOf) {
      params.push(options.excludeSubtreeOf);
      exclude = `AND u.path NOT LIKE (SELECT path FROM units WHERE id = $${params.length}) || '%'`;
    }
    const rows: Array<{ id: string; name: string; path: string }> = await this.dataSource.query(
      `SELECT u.id, u.name, u.path FROM units u
        WHERE u.deactivated_at IS NULL AND ${scopeCondition(user, 'u.path', params)} ${exclude}
        ORDER BY u.path LIMIT 5000`,
      params,
    );
    return treeLabels(rows);
  }

  /** Unit ids by external id, for imports that name units by the customer's own ids. */
  async idsByExternalId(
    externalIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    if (externalIds.length === 0) return new Map();
    const rows = await queryRows<{ id: string; external_id: string }>(
      manager,
      `SELECT id, external_id FROM units WHERE external_id = ANY($1::text[])`,
      [[...new Set(externalIds)]],
    );
    return new Map(rows.map((r) => [r.external_id, r.id]));
  }

  /** How many employees and contacts a cycle over these target units would reach. */
  countRecipientsUnder(
    unitIds: readonly string[],
  ): Promise<{ employees: number; contacts: number }> {
    return countRecipientsUnder(this.dataSource, unitIds);
  }

  private async moveWith(manager: EntityManager, unit: Unit, parentId: string | null) {
    let prefix = '/';
    if (parentId) {
      const parent = await this.requireParent(manager, parentId);
      if (parent.path.startsWith(unit.path))
        throw new DirectoryError(DirectoryErrorCode.MOVE_INTO_OWN_SUBTREE, { field: 'parentId' });
      prefix = parent.path;
    }
    const newPath = `${prefix}${unit.id}/`;
    // One statement rewrites the unit and every descendant: their paths all start with the old one.
    await manager.query(
      `UPDATE units
          SET path = $2 || substr(path, length($1) + 1),
              parent_id = CASE WHEN id = $3 THEN $4::uuid ELSE parent_id END,
              updated_at = CASE WHEN id = $3 THEN now() ELSE updated_at END
        WHERE path LIKE $1 || '%'`,
      [unit.path, newPath, unit.id, parentId],
    );
  }

  /** Direct and subtree counts of active employees, and active accounts, per unit. */
  private async countsFor(
    ids: string[],
  ): Promise<Map<string, { employees: number; subtreeEmployees: number; accounts: number }>> {
    if (ids.length === 0) return new Map();
    // Headcounts per unit once (one pass over employees), then summed over each subtree.
    const rows: Array<{ id: string; employees: number; subtree: number; accounts: number }> =
      await this.dataSource.query(
        `WITH direct AS (
           SELECT e.unit_id, count(*)::int AS n FROM employees e WHERE ${ACTIVE_EMPLOYEE}
            GROUP BY e.unit_id
         )
         SELECT u.id,
                coalesce((SELECT n FROM direct WHERE unit_id = u.id), 0) AS employees,
                coalesce((SELECT sum(d.n) FROM units x JOIN direct d ON d.unit_id = x.id
                           WHERE x.path LIKE u.path || '%'), 0)::int AS subtree,
                (SELECT count(*) FROM customer_accounts a
                  WHERE a.unit_id = u.id AND ${ACTIVE_ACCOUNT})::int AS accounts
           FROM units u WHERE u.id = ANY($1::uuid[])`,
        [ids],
      );
    return new Map(
      rows.map((r) => [
        r.id,
        { employees: r.employees, subtreeEmployees: r.subtree, accounts: r.accounts },
      ]),
    );
  }

  private async require(manager: EntityManager, id: string): Promise<Unit> {
    const unit = await manager.findOneBy(Unit, { id });
    if (!unit) throw new DirectoryError(DirectoryErrorCode.UNIT_NOT_FOUND);
    return unit;
  }

  private async requireParent(manager: EntityManager, id: string): Promise<Unit> {
    const parent = await manager.findOneBy(Unit, { id });
    if (!parent)
      throw new DirectoryError(DirectoryErrorCode.PARENT_NOT_FOUND, { field: 'parentId' });
    if (parent.deactivatedAt)
      throw new DirectoryError(DirectoryErrorCode.UNIT_INACTIVE, { field: 'parentId' });
    return parent;
  }

  private translate(error: unknown): unknown {
    return violatedUniqueConstraint(error) === 'uq_units_external_id'
      ? new DirectoryError(DirectoryErrorCode.UNIT_EXTERNAL_ID_TAKEN, { field: 'externalId' })
      : error;
  }
}

/** "— — Name" labels from path-ordered rows; depth is relative to the shallowest row. */
export function treeLabels(
  rows: Array<{ id: string; name: string; path: string }>,
): Array<{ id: string; label: string }> {
  const depthOf = (path: string) => path.split('/').length - 3;
  const base = rows.length ? Math.min(...rows.map((r) => depthOf(r.path))) : 0;
  const sorted = sortTree(rows);
  return sorted.map((r) => ({
    id: r.id,
    label: `${'— '.repeat(depthOf(r.path) - base)}${r.name}`,
  }));
}

/** Orders path-carrying rows depth-first with siblings by name (path order alone follows ids). */
function sortTree<T extends { id: string; name: string; path: string }>(rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const key = (r: T) =>
    r.path
      .split('/')
      .filter(Boolean)
      .map((id) => `${(byId.get(id)?.name ?? '').toLowerCase()}\u0000${id}`);
  const keyed = rows.map((r) => ({ r, k: key(r) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < Math.min(a.k.length, b.k.length); i++) {
      if (a.k[i] !== b.k[i]) return a.k[i] < b.k[i] ? -1 : 1;
    }
    return a.k.length - b.k.length;
  });
  return keyed.map((x) => x.r);
}
