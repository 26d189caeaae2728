import { Injectable } from '@nestjs/common';
import { EmployeesService } from '../directory/employees.service';
import {
  DirectoryProvisioningService,
  ProvisionedUnit,
  UnitMatchField,
} from '../directory/provisioning.service';
import { UnitsService } from '../directory/units.service';
import { parseFilter, toMatch } from './scim-filter';
import { listResponse, readPage } from './scim-paging';
import { applyPatch, Json, JsonObject, readPatchRequest } from './scim-patch';
import { GROUP_SCHEMA, SCIM_BASE } from './scim-schemas';
import { attr } from './scim-user-mapping';
import { provisioner, ScimCaller } from './scim-users.service';
import { ScimError } from './scim.errors';

const GROUP_FILTERS: Record<string, UnitMatchField> = {
  displayName: 'name',
  externalId: 'externalId',
  id: 'id',
};

interface GroupInput {
  name: string;
  externalId: string | null;
  /** null: the request left members alone */
  memberIds: string[] | null;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function readGroup(group: unknown): GroupInput {
  if (!isObject(group)) throw ScimError.invalidSyntax('Send a Group resource as a JSON object.');
  const name = attr(group, 'displayName');
  if (typeof name !== 'string' || name.trim() === '')
    throw ScimError.invalidValue('displayName is required.');
  if (name.trim().length > 200)
    throw ScimError.invalidValue('Keep displayName under 200 characters.');
  const externalId = attr(group, 'externalId');
  if (externalId !== undefined && externalId !== null && typeof externalId !== 'string')
    throw ScimError.invalidValue('externalId must be a string.');
  if (typeof externalId === 'string' && externalId.trim().length > 100)
    throw ScimError.invalidValue('Keep externalId under 100 characters.');
  const members = attr(group, 'members');
  if (members !== undefined && members !== null && !Array.isArray(members))
    throw ScimError.invalidValue('members must be an array.');
  const memberIds = Array.isArray(members)
    ? members.map((m) => {
        const value = isObject(m) ? attr(m, 'value') : undefined;
        if (typeof value !== 'string') throw ScimError.invalidValue('Each member needs a "value".');
        return value;
      })
    : null;
  return {
    name: name.trim(),
    externalId: typeof externalId === 'string' && externalId.trim() ? externalId.trim() : null,
    memberIds: memberIds && [...new Set(memberIds)],
  };
}

function toScimGroup(unit: ProvisionedUnit, members: Array<{ id: string; name: string }> | null) {
  return {
    schemas: [GROUP_SCHEMA],
    id: unit.id,
    externalId: unit.externalId,
    displayName: unit.name,
    ...(members
      ? {
          members: members.map((m) => ({
            value: m.id,
            display: m.name,
            $ref: `${SCIM_BASE}/Users/${m.id}`,
            type: 'User',
          })),
        }
      : {}),
    meta: {
      resourceType: 'Group',
      created: new Date(unit.createdAt).toISOString(),
      lastModified: new Date(unit.updatedAt).toISOString(),
      location: `${SCIM_BASE}/Groups/${unit.id}`,
    },
  };
}

const excludesMembers = (excluded?: string) =>
  (excluded ?? '').split(',').some((a) => a.trim().toLowerCase() === 'members');

/**
 * SCIM Groups are units. Members are the people working in the unit today: adding one moves
 * them there from today, removing one moves them to the token's default unit.
 */
@Injectable()
export class ScimGroupsService {
  constructor(
    private readonly directory: DirectoryProvisioningService,
    private readonly units: UnitsService,
    private readonly employees: EmployeesService,
  ) {}

  async list(query: {
    filter?: string;
    startIndex?: string;
    count?: string;
    excludedAttributes?: string;
  }): Promise<object> {
    const page = readPage(query);
    const match = query.filter
      ? toMatch(parseFilter(query.filter), GROUP_FILTERS, GROUP_SCHEMA)
      : null;
    const found = await this.directory.findUnits(match, page.startIndex - 1, page.count);
    const members = excludesMembers(query.excludedAttributes)
      ? null
      : await this.directory.members(found.items.map((u) => u.id));
    return listResponse(
      page,
      found.total,
      found.items.map((u) => toScimGroup(u, members?.get(u.id) ?? null)),
    );
  }

  async get(id: string, excludedAttributes?: string): Promise<JsonObject> {
    const unit = await this.require(id);
    const members = excludesMembers(excludedAttributes)
      ? null
      : (await this.directory.members([id])).get(id)!;
    return toScimGroup(unit, members);
  }

  async create(caller: ScimCaller, body: unknown): Promise<JsonObject> {
    const input = readGroup(body);
    const unit = await this.units.create(provisioner(caller.token), {
      name: input.name,
      externalId: input.externalId,
      parentId: null,
    });
    await this.setMembers(caller, unit.id, input.memberIds ?? [], []);
    return this.get(unit.id);
  }

  async replace(caller: ScimCaller, id: string, body: unknown): Promise<JsonObject> {
    const before = await this.get(id);
    await this.write(caller, before, readGroup(body));
    return this.get(id);
  }

  async patch(caller: ScimCaller, id: string, body: unknown): Promise<JsonObject> {
    const operations = readPatchRequest(body);
    const before = await this.get(id);
    const after = applyPatch(before, operations, GROUP_SCHEMA, []);
    await this.write(caller, before, readGroup(after));
    return this.get(id);
  }

  /** Moves the members to the default unit, then deactivates the unit (it must be empty). */
  async remove(caller: ScimCaller, id: string): Promise<void> {
    const before = await this.get(id);
    if (id === caller.token.defaultUnitId)
      throw new ScimError(409, 'This unit is where the SCIM token puts new people; it stays.');
    await this.setMembers(caller, id, [], memberIdsOf(before));
    await this.units.deactivate(provisioner(caller.token), id);
  }

  private async require(id: string): Promise<ProvisionedUnit> {
    const unit = await this.directory.unit(id);
    if (!unit) throw ScimError.notFound(`No Group with id ${id}.`);
    return unit;
  }

  private async write(caller: ScimCaller, before: JsonObject, input: GroupInput): Promise<void> {
    const id = String(before.id);
    const renamed =
      input.name !== before.displayName ||
      (input.externalId !== null && input.externalId !== before.externalId);
    if (renamed)
      await this.units.update(provisioner(caller.token), id, {
        name: input.name,
        ...(input.externalId !== null ? { externalId: input.externalId } : {}),
      });
    if (input.memberIds !== null)
      await this.setMembers(caller, id, input.memberIds, memberIdsOf(before));
  }

  /**
   * Moves people in and out so that the unit's members are `wanted`: newcomers from today,
   * those removed to the token's default unit. Every id must be a User (all are looked up in
   * one query, before anyone moves); people who have left are not moved (members are the
   * people working in the unit).
   */
  private async setMembers(
    caller: ScimCaller,
    unitId: string,
    wanted: readonly string[],
    current: readonly string[],
  ): Promise<void> {
    const added = wanted.filter((m) => !current.includes(m));
    const [today, found] = await Promise.all([
      this.directory.today(),
      this.directory.employeesById(added),
    ]);
    const byId = new Map(found.map((e) => [e.id, e]));
    const unknown = added.find((id) => !byId.has(id));
    if (unknown !== undefined)
      throw ScimError.invalidValue(`No User with id ${unknown} to add as a member.`);
    const user = provisioner(caller.token);
    for (const employee of added.map((id) => byId.get(id)!)) {
      if (employee.exitDate !== null && employee.exitDate <= today) continue;
      if (employee.unitId !== unitId) await this.employees.move(user, employee.id, unitId);
    }
    const fallback = caller.token.defaultUnitId;
    for (const id of current.filter((m) => !wanted.includes(m))) {
      if (unitId === fallback) continue;
      await this.employees.move(user, id, fallback);
    }
  }
}

function memberIdsOf(group: JsonObject): string[] {
  const members = group.members;
  if (!Array.isArray(members)) return [];
  return members.flatMap((m: Json) =>
    isObject(m) && typeof m.value === 'string' ? [m.value] : [],
  );
}
