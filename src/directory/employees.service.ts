import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentUser } from '../auth/current-user';
import { Paged } from '../common/pagination';
import { queryRows } from '../database/sql';
import { assertCanManage, assertInScope } from './directory-access';
import { employeeAudit, employeeTarget, personChange } from './directory-audit';
import { DirectoryError, DirectoryErrorCode } from './directory.errors';
import { CreateEmployeeDto, UpdateEmployeeDto } from './dto/employee.dto';
import { ListQueryDto } from './dto/list-query.dto';
import { Employee, ExitType } from './entities/employee.entity';
import { Unit } from './entities/unit.entity';
import { recordCurrentState } from './history/employee-history.queries';
import {
  listFilter,
  ListSpec,
  offsetOf,
  orderBy,
  pageFromRows,
  violatedUniqueConstraint,
} from './list-options';

/** One employee as other modules see them. */
export interface EmployeeSummary {
  id: string;
  name: string;
  /** Null for staff without an address. */
  email: string | null;
}

export interface EmployeeListItem {
  id: string;
  externalId: string | null;
  email: string | null;
  name: string;
  unitId: string;
  unitName: string;
  unitExternalId: string;
  hireDate: string;
  exitDate: string | null;
  exitType: ExitType | null;
  customerFacing: boolean;
  /** null: the company's default language */
  language: string | null;
  deactivatedAt: Date | null;
  status: 'active' | 'exited' | 'inactive';
}

const SORTS: Record<string, string> = {
  name: 'lower(e.name)',
  email: 'e.email',
  unit: 'lower(u.name)',
  hireDate: 'e.hire_date',
  exitDate: 'e.exit_date',
};

const STATUS: ListSpec['statuses'] = {
  active: `e.deactivated_at IS NULL AND (e.exit_date IS NULL OR e.exit_date > current_date)`,
  exited: `e.deactivated_at IS NULL AND e.exit_date <= current_date`,
  inactive: `e.deactivated_at IS NOT NULL`,
  all: 'TRUE',
};

const LIST: ListSpec = {
  sorts: SORTS,
  defaultSort: 'name',
  statuses: STATUS,
  searchColumns: ['e.name', 'e.email', 'e.external_id'],
};

const COLUMNS = `e.id, e.external_id, e.email, e.name, e.unit_id, u.name AS unit_name,
  u.external_id AS unit_external_id, u.path, e.hire_date::text AS hire_date,
  e.exit_date::text AS exit_date, e.exit_type, e.customer_facing, e.language, e.deactivated_at,
  (e.exit_date IS NOT NULL AND e.exit_date <= current_date) AS exited`;

type Row = Record<string, unknown>;

/** People in the directory; employees leave through an exit date, deactivation is for mistakes. */
@Injectable()
export class EmployeesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Name and email of the given employees; `activeOnly` leaves out deactivated ones. */
  summariesByIds(
    ids: readonly string[],
    options: { activeOnly?: boolean } = {},
  ): Promise<EmployeeSummary[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return queryRows<EmployeeSummary>(
      this.dataSource,
      `SELECT id, name, email FROM employees
        WHERE id = ANY($1::uuid[]) AND (NOT $2 OR deactivated_at IS NULL)`,
      [[...new Set(ids)], options.activeOnly ?? false],
    );
  }

  /** The employees these keys name (an external id, or an email in any case): key → id. */
  async idsByKeys(keys: readonly string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows = await queryRows<{ id: string; external_id: string | null; email: string | null }>(
      this.dataSource,
      `SELECT id, external_id, email FROM employees
        WHERE external_id = ANY($1::text[]) OR email = ANY($2::text[])`,
      [[...keys], keys.map((k) => k.toLowerCase())],
    );
    const found = new Map<string, string>();
    for (const key of keys) {
      const row =
        rows.find((r) => r.external_id === key) ??
        rows.find((r) => r.email !== null && r.email === key.toLowerCase());
      if (row) found.set(key, row.id);
    }
    return found;
  }

  /** Employees working today (hired, not exited, not deactivated) in the units at or below the path. */
  async workingIdsUnder(path: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      `SELECT e.id FROM employees e JOIN units u ON u.id = e.unit_id
        WHERE u.path LIKE $1 || '%' AND e.deactivated_at IS NULL AND e.hire_date <= current_date
          AND (e.exit_date IS NULL OR e.exit_date > current_date)`,
      [path],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Employees working today who can take on a customer of the unit's account: the account's
   * relationship employees first, then the unit's staff by name.
   */
  assignableFor(
    unitId: string,
    accountId: string | null,
  ): Promise<{ id: string; name: string; relationship: boolean }[]> {
    return queryRows(
      this.dataSource,
      `SELECT e.id, e.name, (re.employee_id IS NOT NULL) AS relationship
         FROM employees e
         LEFT JOIN account_relationship_employees re ON re.employee_id = e.id AND re.account_id = $2
        WHERE (e.unit_id = $1 OR re.employee_id IS NOT NULL)
          AND e.deactivated_at IS NULL AND e.hire_date <= current_date
          AND (e.exit_date IS NULL OR e.exit_date > current_date)
        ORDER BY relationship DESC, e.name LIMIT 500`,
      [unitId, accountId],
    );
  }

  async list(user: CurrentUser, query: ListQueryDto): Promise<Paged<EmployeeListItem>> {
    const { options, where, params } = listFilter(user, query, LIST);
    params.push(options.pageSize, offsetOf(options));
    const rows: Array<Row & { total: string }> = await this.dataSource.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total
         FROM employees e JOIN units u ON u.id = e.unit_id
        WHERE ${where}
        ${orderBy(SORTS, options, 'e.id')}
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return pageFromRows(rows, options, toItem);
  }

  /** Every employee in scope matching the filters, as CSV rows in the import format. */
  async exportRows(user: CurrentUser, query: ListQueryDto): Promise<string[][]> {
    const { options, where, params } = listFilter(user, query, LIST);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM employees e JOIN units u ON u.id = e.unit_id
        WHERE ${where} ${orderBy(SORTS, options, 'e.id')}`,
      params,
    );
    return [
      [
        'external_id',
        'email',
        'name',
        'unit_external_id',
        'hire_date',
        'exit_date',
        'exit_type',
        'customer_facing',
        'language',
      ],
      ...rows
        .map(toItem)
        .map((e) => [
          e.externalId ?? '',
          e.email ?? '',
          e.name,
          e.unitExternalId,
          e.hireDate,
          e.exitDate ?? '',
          e.exitType ?? '',
          e.customerFacing ? 'true' : 'false',
          e.language ?? '',
        ]),
    ];
  }

  async get(user: CurrentUser, id: string): Promise<EmployeeListItem> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM employees e JOIN units u ON u.id = e.unit_id WHERE e.id = $1`,
      [id],
    );
    if (!rows[0]) throw new DirectoryError(DirectoryErrorCode.EMPLOYEE_NOT_FOUND);
    assertInScope(user, rows[0].path as string);
    return toItem(rows[0]);
  }

  async create(user: CurrentUser, input: CreateEmployeeDto): Promise<Employee> {
    assertCanManage(user);
    const exit = checkExit(input.hireDate, input.exitDate ?? null, input.exitType ?? null);
    return this.dataSource.transaction(async (manager) => {
      await requireActiveUnit(manager, input.unitId);
      let employee: Employee;
      try {
        employee = await manager.save(
          manager.create(Employee, {
            email: input.email ?? null,
            name: input.name,
            unitId: input.unitId,
            externalId: input.externalId ?? null,
            hireDate: input.hireDate,
            ...exit,
            customerFacing: input.customerFacing ?? false,
            language: input.language ?? null,
          }),
        );
      } catch (error) {
        throw translate(error);
      }
      await recordCurrentState(manager, [employee.id]);
      await this.audit.record('directory.employee_create', employeeTarget(employee.id), {
        ...personChange(undefined, employeeAudit(employee)),
        manager,
      });
      return employee;
    });
  }

  /**
   * Edits an employee; a different unitId moves them (from today, in their history), an exit
   * date records their exit.
   */
  async update(user: CurrentUser, id: string, input: UpdateEmployeeDto): Promise<Employee> {
    assertCanManage(user);
    return this.dataSource.transaction(async (manager) => {
      const employee = await manager.findOneBy(Employee, { id });
      if (!employee) throw new DirectoryError(DirectoryErrorCode.EMPLOYEE_NOT_FOUND);
      const before = employeeAudit(employee);
      if (input.unitId !== undefined && input.unitId !== employee.unitId)
        await requireActiveUnit(manager, input.unitId);
      const hireDate = input.hireDate ?? employee.hireDate;
      const exitDate = input.exitDate !== undefined ? input.exitDate : employee.exitDate;
      const exitType = input.exitType !== undefined ? input.exitType : employee.exitType;
      Object.assign(employee, {
        email: input.email !== undefined ? input.email : employee.email,
        name: input.name ?? employee.name,
        unitId: input.unitId ?? employee.unitId,
        externalId: input.externalId !== undefined ? input.externalId : employee.externalId,
        customerFacing: input.customerFacing ?? employee.customerFacing,
        language: input.language !== undefined ? input.language : employee.language,
        hireDate,
        ...checkExit(hireDate, exitDate ?? null, exitType ?? null),
      });
      let saved: Employee;
      try {
        saved = await manager.save(employee);
      } catch (error) {
        throw translate(error);
      }
      // A new unit is a move from today; a new exit or hire date changes the employment.
      await recordCurrentState(manager, [saved.id]);
      await this.audit.record('directory.employee_update', employeeTarget(saved.id), {
        ...personChange(before, employeeAudit(saved)),
        manager,
      });
      return saved;
    });
  }

  async move(user: CurrentUser, id: string, unitId: string): Promise<Employee> {
    return this.update(user, id, { unitId });
  }

  async deactivate(user: CurrentUser, id: string): Promise<void> {
    await this.setDeactivated(user, id, true);
  }

  async reactivate(user: CurrentUser, id: string): Promise<void> {
    await this.setDeactivated(user, id, false);
  }

  private async setDeactivated(user: CurrentUser, id: string, deactivated: boolean) {
    assertCanManage(user);
    const employee = await this.dataSource.manager.findOneBy(Employee, { id });
    if (!employee) throw new DirectoryError(DirectoryErrorCode.EMPLOYEE_NOT_FOUND);
    if (deactivated && employee.deactivatedAt)
      throw new DirectoryError(DirectoryErrorCode.ALREADY_INACTIVE);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Employee, { id }, { deactivatedAt: deactivated ? new Date() : null });
      await this.audit.record(
        deactivated ? 'directory.employee_deactivate' : 'directory.employee_reactivate',
        employeeTarget(id),
        { manager },
      );
    });
  }
}

/** An exit needs a type and cannot precede the hire; without an exit date there is no exit type. */
export function checkExit(
  hireDate: string,
  exitDate: string | null,
  exitType: ExitType | null,
): { exitDate: string | null; exitType: ExitType | null } {
  if (!exitDate) return { exitDate: null, exitType: null };
  if (exitDate < hireDate)
    throw new DirectoryError(DirectoryErrorCode.EXIT_BEFORE_HIRE, { field: 'exitDate' });
  if (!exitType)
    throw new DirectoryError(DirectoryErrorCode.EXIT_TYPE_REQUIRED, { field: 'exitType' });
  return { exitDate, exitType };
}

export async function requireActiveUnit(manager: EntityManager, unitId: string): Promise<Unit> {
  const unit = await manager.findOneBy(Unit, { id: unitId });
  if (!unit) throw new DirectoryError(DirectoryErrorCode.UNIT_NOT_FOUND, { field: 'unitId' });
  if (unit.deactivatedAt)
    throw new DirectoryError(DirectoryErrorCode.UNIT_INACTIVE, { field: 'unitId' });
  return unit;
}

function translate(error: unknown): unknown {
  const constraint = violatedUniqueConstraint(error);
  if (constraint === 'uq_employees_email')
    return new DirectoryError(DirectoryErrorCode.EMPLOYEE_EMAIL_TAKEN, { field: 'email' });
  if (constraint === 'uq_employees_external_id')
    return new DirectoryError(DirectoryErrorCode.EMPLOYEE_EXTERNAL_ID_TAKEN, {
      field: 'externalId',
    });
  return error;
}

function toItem(r: Row): EmployeeListItem {
  return {
    id: r.id as string,
    externalId: r.external_id as string | null,
    email: r.email as string | null,
    name: r.name as string,
    unitId: r.unit_id as string,
    unitName: r.unit_name as string,
    unitExternalId: r.unit_external_id as string,
    hireDate: r.hire_date as string,
    exitDate: r.exit_date as string | null,
    exitType: r.exit_type as ExitType | null,
    customerFacing: r.customer_facing as boolean,
    language: (r.language as string | null) ?? null,
    deactivatedAt: r.deactivated_at as Date | null,
    status: r.deactivated_at ? 'inactive' : r.exited ? 'exited' : 'active',
  };
}
