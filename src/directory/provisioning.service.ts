import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { queryRows } from '../database/sql';
import type { ExitType } from './entities/employee.entity';
import { today } from './history/employee-history.queries';
import { ACTIVE_EMPLOYEE } from './units.service';

/**
 * Lookups for directory provisioning from an identity provider (the SCIM module): people and
 * units found by exact keys, in pages. Writes go through EmployeesService and UnitsService.
 */

/** An exact match on one field, or several combined; the provisioning filters compile to this. */
export type Match<Field extends string> =
  { field: Field; value: string } | { and: Array<Match<Field>> } | { or: Array<Match<Field>> };

export type EmployeeMatchField = 'id' | 'email' | 'externalId' | 'name' | 'active';
export type UnitMatchField = 'id' | 'externalId' | 'name';

export interface ProvisionedEmployee {
  id: string;
  externalId: string | null;
  email: string | null;
  name: string;
  unitId: string;
  unitName: string;
  hireDate: string;
  exitDate: string | null;
  exitType: ExitType | null;
  /** Employed today: hired, and no exit on or before today. */
  working: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProvisionedUnit {
  id: string;
  externalId: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Page<T> {
  total: number;
  items: T[];
}

const EMPLOYEE_SQL: Record<EmployeeMatchField, (p: string) => string> = {
  // Emails are stored lower-cased; names compare without case, as SCIM's caseExact=false asks.
  id: (p) => `e.id::text = ${p}`,
  email: (p) => `e.email = lower(${p})`,
  externalId: (p) => `e.external_id = ${p}`,
  name: (p) => `lower(e.name) = lower(${p})`,
  // Not exited (a hire still to come counts): 'true' or 'false'.
  active: (p) => `((e.exit_date IS NULL OR e.exit_date > current_date) = (${p} = 'true'))`,
};

const UNIT_SQL: Record<UnitMatchField, (p: string) => string> = {
  id: (p) => `u.id::text = ${p}`,
  externalId: (p) => `u.external_id = ${p}`,
  name: (p) => `lower(u.name) = lower(${p})`,
};

const EMPLOYEE_COLUMNS = `e.id, e.external_id AS "externalId", e.email, e.name, e.unit_id AS "unitId",
  u.name AS "unitName", e.hire_date::text AS "hireDate", e.exit_date::text AS "exitDate",
  e.exit_type AS "exitType", e.created_at AS "createdAt", e.updated_at AS "updatedAt",
  (e.hire_date <= current_date AND (e.exit_date IS NULL OR e.exit_date > current_date)) AS working`;

const UNIT_COLUMNS = `u.id, u.external_id AS "externalId", u.name, u.created_at AS "createdAt",
  u.updated_at AS "updatedAt"`;

/** The match as SQL over parameters appended to `params` (values only, never SQL text). */
function compile<F extends string>(
  match: Match<F> | null,
  columns: Record<F, (p: string) => string>,
  params: unknown[],
): string {
  if (match === null) return 'TRUE';
  if ('and' in match) return `(${match.and.map((m) => compile(m, columns, params)).join(' AND ')})`;
  if ('or' in match) return `(${match.or.map((m) => compile(m, columns, params)).join(' OR ')})`;
  params.push(match.value);
  return columns[match.field](`$${params.length}`);
}

@Injectable()
export class DirectoryProvisioningService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Today as the directory's status rules see it. */
  today(): Promise<string> {
    return today(this.dataSource.manager);
  }

  /** Employees not deactivated that match, oldest first, `limit` from `offset`. */
  async findEmployees(
    match: Match<EmployeeMatchField> | null,
    offset: number,
    limit: number,
  ): Promise<Page<ProvisionedEmployee>> {
    const total = await this.countEmployees(match);
    const params: unknown[] = [];
    const where = compile(match, EMPLOYEE_SQL, params);
    params.push(limit, offset);
    const items = await this.selectEmployees(
      `${where} ORDER BY e.created_at, e.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { total, items };
  }

  /** One employee not deactivated, or null (also for an id that is no uuid). */
  async employee(id: string): Promise<ProvisionedEmployee | null> {
    return (await this.employeesById([id]))[0] ?? null;
  }

  /** The employees not deactivated among these ids, in one query (ids that are no uuid match none). */
  employeesById(ids: readonly string[]): Promise<ProvisionedEmployee[]> {
    const uuids = ids.filter((id) => isUUID(id));
    if (uuids.length === 0) return Promise.resolve([]);
    return this.selectEmployees('e.id = ANY($1::uuid[])', [uuids]);
  }

  private selectEmployees(whereAndTail: string, params: unknown[]): Promise<ProvisionedEmployee[]> {
    return queryRows<ProvisionedEmployee>(
      this.dataSource,
      `SELECT ${EMPLOYEE_COLUMNS}
         FROM employees e JOIN units u ON u.id = e.unit_id
        WHERE e.deactivated_at IS NULL AND ${whereAndTail}`,
      params,
    );
  }

  /** Active units that match, oldest first. */
  async findUnits(
    match: Match<UnitMatchField> | null,
    offset: number,
    limit: number,
  ): Promise<Page<ProvisionedUnit>> {
    const params: unknown[] = [];
    const where = compile(match, UNIT_SQL, params);
    const [{ total }] = await queryRows<{ total: string }>(
      this.dataSource,
      `SELECT count(*) AS total FROM units u WHERE u.deactivated_at IS NULL AND ${where}`,
      params,
    );
    params.push(limit, offset);
    const items = await this.selectUnits(
      `${where} ORDER BY u.created_at, u.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { total: Number(total), items };
  }

  /** One active unit, or null (also for an id that is no uuid). */
  async unit(id: string): Promise<ProvisionedUnit | null> {
    if (!isUUID(id)) return null;
    return (await this.selectUnits('u.id = $1', [id]))[0] ?? null;
  }

  private selectUnits(whereAndTail: string, params: unknown[]): Promise<ProvisionedUnit[]> {
    return queryRows<ProvisionedUnit>(
      this.dataSource,
      `SELECT ${UNIT_COLUMNS} FROM units u WHERE u.deactivated_at IS NULL AND ${whereAndTail}`,
      params,
    );
  }

  /** The people working in each unit today (not below it), by name. */
  async members(
    unitIds: readonly string[],
  ): Promise<Map<string, Array<{ id: string; name: string }>>> {
    const members = new Map<string, Array<{ id: string; name: string }>>(
      unitIds.map((id) => [id, []]),
    );
    if (unitIds.length === 0) return members;
    const rows = await queryRows<{ id: string; name: string; unit_id: string }>(
      this.dataSource,
      `SELECT e.id, e.name, e.unit_id FROM employees e
        WHERE e.unit_id = ANY($1::uuid[]) AND e.hire_date <= current_date AND ${ACTIVE_EMPLOYEE}
        ORDER BY lower(e.name), e.id`,
      [[...unitIds]],
    );
    for (const r of rows) members.get(r.unit_id)!.push({ id: r.id, name: r.name });
    return members;
  }

  private async countEmployees(match: Match<EmployeeMatchField> | null): Promise<number> {
    const params: unknown[] = [];
    const where = compile(match, EMPLOYEE_SQL, params);
    const [{ total }] = await queryRows<{ total: string }>(
      this.dataSource,
      `SELECT count(*) AS total FROM employees e WHERE e.deactivated_at IS NULL AND ${where}`,
      params,
    );
    return Number(total);
  }
}
