import { Injectable } from '@nestjs/common';
import type { CurrentUser } from '../auth/current-user';
import { EmployeesService } from '../directory/employees.service';
import {
  DirectoryProvisioningService,
  EmployeeMatchField,
  ProvisionedEmployee,
} from '../directory/provisioning.service';
import type { ScimToken } from './entities/scim-token.entity';
import { parseFilter, toMatch } from './scim-filter';
import { listResponse, readPage } from './scim-paging';
import { applyPatch, JsonObject, readPatchRequest } from './scim-patch';
import { USER_EXTENSIONS, USER_SCHEMA } from './scim-schemas';
import { isActive, readUser, toScimUser, UserInput } from './scim-user-mapping';
import { ScimError } from './scim.errors';

const USER_FILTERS: Record<string, EmployeeMatchField> = {
  userName: 'email',
  externalId: 'externalId',
  displayName: 'name',
  id: 'id',
  'emails.value': 'email',
  active: 'active',
};

/** Who the directory's services act for: the token, with HR's rights over every unit. */
export function provisioner(token: ScimToken): CurrentUser {
  return {
    id: token.createdByUserId ?? token.id,
    email: '',
    name: `SCIM token ${token.name}`,
    role: 'hr',
    mustChangePassword: false,
    scope: null,
    via: 'api_key',
    apiKeyId: token.id,
  };
}

/** What a request through SCIM acts with: its token. */
export interface ScimCaller {
  token: ScimToken;
}

/**
 * SCIM Users are employees: created, replaced and patched through EmployeesService, so hires,
 * exits, rehires and their dated history follow the directory's own rules.
 */
@Injectable()
export class ScimUsersService {
  constructor(
    private readonly directory: DirectoryProvisioningService,
    private readonly employees: EmployeesService,
  ) {}

  async list(query: { filter?: string; startIndex?: string; count?: string }): Promise<object> {
    const page = readPage(query);
    const match = query.filter
      ? toMatch<EmployeeMatchField>(parseFilter(query.filter), USER_FILTERS, USER_SCHEMA, [
          'active',
        ])
      : null;
    const [found, today] = await Promise.all([
      this.directory.findEmployees(match, page.startIndex - 1, page.count),
      this.directory.today(),
    ]);
    return listResponse(
      page,
      found.total,
      found.items.map((e) => toScimUser(e, today)),
    );
  }

  async get(id: string): Promise<JsonObject> {
    return toScimUser(await this.require(id), await this.directory.today());
  }

  async create(caller: ScimCaller, body: unknown): Promise<JsonObject> {
    const input = readUser(body);
    const today = await this.directory.today();
    const hireDate = input.hireDate ?? today;
    const exit = input.active
      ? {
          exitDate: input.exitDate,
          exitType: input.exitDate ? this.exitTypeOf(caller, input) : null,
        }
      : { exitDate: input.exitDate ?? today, exitType: this.exitTypeOf(caller, input) };
    const employee = await this.employees.create(provisioner(caller.token), {
      email: input.email,
      name: input.name,
      externalId: input.externalId,
      unitId: caller.token.defaultUnitId,
      hireDate,
      ...exit,
    });
    return this.get(employee.id);
  }

  async replace(caller: ScimCaller, id: string, body: unknown): Promise<JsonObject> {
    const before = await this.require(id);
    await this.write(caller, before, readUser(body));
    return this.get(id);
  }

  async patch(caller: ScimCaller, id: string, body: unknown): Promise<JsonObject> {
    const operations = readPatchRequest(body);
    const before = await this.require(id);
    const current = toScimUser(before, await this.directory.today());
    const after = applyPatch(current, operations, USER_SCHEMA, USER_EXTENSIONS);
    await this.write(caller, before, readUser(after, current));
    return this.get(id);
  }

  /** An exit dated today (if still employed), then the record is deactivated: gone from SCIM. */
  async remove(caller: ScimCaller, id: string): Promise<void> {
    const before = await this.require(id);
    const today = await this.directory.today();
    const user = provisioner(caller.token);
    if (isActive(before, today))
      await this.employees.update(user, id, {
        exitDate: today < before.hireDate ? before.hireDate : today,
        exitType: caller.token.defaultExitType,
      });
    await this.employees.deactivate(user, id);
  }

  private async require(id: string): Promise<ProvisionedEmployee> {
    const employee = await this.directory.employee(id);
    if (!employee) throw ScimError.notFound(`No User with id ${id}.`);
    return employee;
  }

  private exitTypeOf(caller: ScimCaller, input: UserInput) {
    return input.exitType ?? caller.token.defaultExitType;
  }

  /**
   * Stores what the User now says. `active` turning false records an exit (today, or the
   * Tandem extension's exitDate); turning true after an exit is a rehire from today (or the
   * extension's hireDate), or on the exit's own day simply takes the exit back.
   */
  private async write(caller: ScimCaller, before: ProvisionedEmployee, input: UserInput) {
    const today = await this.directory.today();
    const wasActive = isActive(before, today);
    const change: Parameters<EmployeesService['update']>[2] = {
      email: input.email,
      name: input.name,
      externalId: input.externalId,
    };
    if (wasActive && !input.active) {
      const exitDate = input.exitDate ?? today;
      change.exitDate = exitDate < before.hireDate ? before.hireDate : exitDate;
      change.exitType = this.exitTypeOf(caller, input);
    } else if (!wasActive && input.active) {
      change.exitDate = null;
      change.exitType = null;
      // An exit is the last day employed: a rehire starts after it; on the day itself it is undone.
      if (before.exitDate !== null && before.exitDate < today)
        change.hireDate =
          input.hireDate !== null && input.hireDate > before.exitDate ? input.hireDate : today;
    }
    const unchanged =
      change.email === before.email &&
      change.name === before.name &&
      change.externalId === before.externalId &&
      change.exitDate === undefined;
    // Identity providers re-send whole users; an unchanged one is no edit (and no audit entry).
    if (!unchanged) await this.employees.update(provisioner(caller.token), before.id, change);
  }
}
