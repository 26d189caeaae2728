import { attributeName, FilterNode, parseFilter } from './scim-filter';
import { ScimError } from './scim.errors';

/**
 * PATCH (RFC 7644 §3.5.2) as a change to a resource's JSON: the service reads the resource,
 * applies the operations here, and stores the result as it would a PUT. Besides the RFC's
 * forms this takes what the major identity providers send: operation names in any case
 * ("Replace"), attribute names in any case, a value object without a path whose keys are
 * attribute paths ("name.givenName", "urn:…:enterprise:2.0:User:department"), and removal of
 * members named in the value rather than in a filter. Pure: no I/O.
 */

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string | null;
  value: Json | undefined;
}

interface Path {
  /** The extension schema the attribute sits in, as the resource's key; null for the core schema. */
  container: string | null;
  attr: string;
  filter: FilterNode | null;
  sub: string | null;
}

const MAX_OPERATIONS = 1000;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The key of `obj` that `name` names, compared without case; `name` itself when there is none. */
function keyOf(obj: JsonObject, name: string): string {
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower) ?? name;
}

/** Reads a PatchOp request body; anything else is invalidSyntax. */
export function readPatchRequest(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw ScimError.invalidSyntax('Send a PatchOp message as JSON.');
  const schemas = body[keyOf(body, 'schemas')];
  if (schemas !== undefined && !(Array.isArray(schemas) && schemas.includes(PATCH_OP_SCHEMA)))
    throw ScimError.invalidSyntax(`The message's schemas must include ${PATCH_OP_SCHEMA}.`);
  const operations = body[keyOf(body, 'Operations')];
  if (!Array.isArray(operations) || operations.length === 0)
    throw ScimError.invalidSyntax('Send the changes as a non-empty "Operations" array.');
  if (operations.length > MAX_OPERATIONS)
    throw ScimError.invalidSyntax(`Send at most ${MAX_OPERATIONS} operations at once.`);
  return operations.map((raw) => {
    if (!isObject(raw)) throw ScimError.invalidSyntax('Each operation must be an object.');
    const op = raw[keyOf(raw, 'op')];
    const name = typeof op === 'string' ? op.toLowerCase() : '';
    if (name !== 'add' && name !== 'replace' && name !== 'remove')
      throw ScimError.invalidSyntax('Each operation\'s "op" must be add, replace or remove.');
    const path = raw[keyOf(raw, 'path')];
    if (path !== undefined && path !== null && (typeof path !== 'string' || path.trim() === ''))
      throw ScimError.invalidPath('An operation\'s "path" must be a non-empty string.');
    return {
      op: name,
      path: typeof path === 'string' ? path.trim() : null,
      value: raw[keyOf(raw, 'value')],
    };
  });
}

/**
 * Splits a path into the extension it belongs to, the attribute, a value filter and a
 * sub-attribute. `extensions` are the schema URNs the resource may carry.
 */
export function parsePath(path: string, coreSchema: string, extensions: readonly string[]): Path {
  let rest = path;
  let container: string | null = null;
  const lower = path.toLowerCase();
  const extension = extensions.find(
    (urn) => lower === urn.toLowerCase() || lower.startsWith(`${urn.toLowerCase()}:`),
  );
  if (extension) {
    container = extension;
    rest = path.slice(extension.length + 1);
  } else {
    rest = attributeName(path, coreSchema) === lower ? path : path.slice(coreSchema.length + 1);
  }
  if (rest === '') return { container, attr: '', filter: null, sub: null };
  const match = /^([A-Za-z][\w$-]*)(?:\[(.+)\])?(?:\.([A-Za-z][\w$-]*))?$/.exec(rest);
  if (!match) throw ScimError.invalidPath(`"${path}" is not an attribute path Tandem understands.`);
  let filter: FilterNode | null = null;
  if (match[2] !== undefined) {
    try {
      filter = parseFilter(match[2]);
    } catch (error) {
      throw ScimError.invalidPath(`The filter in "${path}": ${(error as Error).message}`);
    }
  }
  return { container, attr: match[1], filter, sub: match[3] ?? null };
}

function matches(element: Json, filter: FilterNode): boolean {
  if ('and' in filter) return filter.and.every((f) => matches(element, f));
  if ('or' in filter) return filter.or.some((f) => matches(element, f));
  if (!isObject(element)) return false;
  const actual = element[keyOf(element, filter.attr)];
  if (typeof actual === 'string' && typeof filter.value === 'string')
    return actual.toLowerCase() === filter.value.toLowerCase();
  return actual === filter.value;
}

/** The attribute values an `eq` filter pins, to build the element a replace found missing. */
function pinned(filter: FilterNode): JsonObject {
  if ('and' in filter) return Object.assign({}, ...filter.and.map(pinned)) as JsonObject;
  if ('or' in filter) return {};
  return { [filter.attr]: filter.value };
}

/** Merges sub-attributes into a complex value: named ones replaced, others kept. */
function merge(target: JsonObject, value: JsonObject): void {
  for (const [key, v] of Object.entries(value)) target[keyOf(target, key)] = v;
}

function applyAt(resource: JsonObject, op: PatchOperation, path: Path): void {
  const holder: JsonObject = path.container
    ? isObject(resource[path.container])
      ? (resource[path.container] as JsonObject)
      : (resource[path.container] = {})
    : resource;
  if (path.attr === '') {
    // The path names an extension as a whole: its value holds sub-attributes.
    if (op.op === 'remove') delete resource[path.container!];
    else if (isObject(op.value)) merge(holder, op.value);
    else throw ScimError.invalidValue(`The value for ${op.path} must be an object.`);
    return;
  }
  const key = keyOf(holder, path.attr);
  const current = holder[key];

  if (path.filter) {
    const list = Array.isArray(current) ? current : [];
    const hits = list.filter((e) => matches(e, path.filter!));
    if (op.op === 'remove') {
      if (path.sub) hits.forEach((h) => isObject(h) && delete h[keyOf(h, path.sub!)]);
      else holder[key] = list.filter((e) => !hits.includes(e));
      return;
    }
    if (hits.length === 0) {
      const element = pinned(path.filter);
      if (path.sub) element[path.sub] = op.value ?? null;
      else if (isObject(op.value)) merge(element, op.value);
      holder[key] = [...list, element];
      return;
    }
    for (const hit of hits) {
      if (!isObject(hit)) continue;
      if (path.sub) hit[keyOf(hit, path.sub)] = op.value ?? null;
      else if (isObject(op.value)) merge(hit, op.value);
    }
    return;
  }

  if (path.sub) {
    if (op.op === 'remove') {
      if (isObject(current)) delete current[keyOf(current, path.sub)];
      return;
    }
    const complex = isObject(current) ? current : (holder[key] = {});
    complex[keyOf(complex, path.sub)] = op.value ?? null;
    return;
  }

  if (op.op === 'remove') {
    // Azure names the members to remove in the value instead of a filter.
    if (Array.isArray(current) && Array.isArray(op.value)) {
      const gone = new Set(op.value.map((v) => (isObject(v) ? v[keyOf(v, 'value')] : v)));
      holder[key] = current.filter((e) => !(isObject(e) && gone.has(e[keyOf(e, 'value')])));
    } else delete holder[key];
    return;
  }
  if (op.value === undefined)
    throw ScimError.invalidValue(`The ${op.op} of ${op.path} has no value.`);
  if (op.op === 'add' && Array.isArray(current)) {
    holder[key] = [...current, ...(Array.isArray(op.value) ? op.value : [op.value])];
  } else if (isObject(current) && isObject(op.value)) {
    merge(current, op.value);
  } else {
    holder[key] = op.value;
  }
}

/** The resource after the operations, in order; the input is not changed. */
export function applyPatch(
  resource: JsonObject,
  operations: readonly PatchOperation[],
  coreSchema: string,
  extensions: readonly string[],
): JsonObject {
  const next = structuredClone(resource);
  for (const op of operations) {
    if (op.path !== null) {
      applyAt(next, op, parsePath(op.path, coreSchema, extensions));
      continue;
    }
    if (op.op === 'remove') throw ScimError.noTarget('A remove operation needs a "path".');
    if (!isObject(op.value))
      throw ScimError.invalidValue(`An ${op.op} without a "path" needs an object as its value.`);
    for (const [attr, value] of Object.entries(op.value)) {
      if (attr.toLowerCase() === 'schemas') continue;
      applyAt(next, { ...op, path: attr, value }, parsePath(attr, coreSchema, extensions));
    }
  }
  return next;
}
