import { applyPatch, JsonObject, readPatchRequest } from './scim-patch';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const user = (): JsonObject => ({
  userName: 'a@example.com',
  displayName: 'Ann',
  name: { formatted: 'Ann', givenName: 'Ann' },
  emails: [{ value: 'a@example.com', type: 'work', primary: true }],
  members: [{ value: '1' }, { value: '2' }, { value: '3' }],
  active: true,
});

const patch = (resource: JsonObject, ...ops: object[]) =>
  applyPatch(resource, readPatchRequest({ schemas: [PATCH_OP], Operations: ops }), USER, [
    ENTERPRISE,
  ]);

describe('readPatchRequest', () => {
  it('takes op names in any case and refuses others, and a missing Operations list', () => {
    expect(readPatchRequest({ Operations: [{ op: 'Replace', path: 'x', value: 1 }] })).toEqual([
      { op: 'replace', path: 'x', value: 1 },
    ]);
    expect(() => readPatchRequest({ Operations: [{ op: 'copy' }] })).toThrow(
      /add, replace or remove/,
    );
    expect(() => readPatchRequest({ schemas: ['urn:other'], Operations: [] })).toThrow(/PatchOp/);
    expect(() => readPatchRequest({ schemas: [PATCH_OP] })).toThrow(/Operations/);
  });
});

describe('applyPatch', () => {
  it('replaces and removes by path, attribute names in any case, leaving the input alone', () => {
    const before = user();
    const after = patch(
      before,
      { op: 'replace', path: 'DisplayName', value: 'Anna' },
      { op: 'remove', path: 'name.givenName' },
    );
    expect(after.displayName).toBe('Anna');
    expect(after.name).toEqual({ formatted: 'Ann' });
    expect(before.displayName).toBe('Ann');
  });

  it('merges a complex value into the attribute (RFC 7644 §3.5.2.3) and adds to lists', () => {
    const after = patch(
      user(),
      { op: 'replace', path: 'name', value: { familyName: 'Lee' } },
      { op: 'add', path: 'members', value: [{ value: '4' }] },
    );
    expect(after.name).toEqual({ formatted: 'Ann', givenName: 'Ann', familyName: 'Lee' });
    expect((after.members as JsonObject[]).map((m) => m.value)).toEqual(['1', '2', '3', '4']);
  });

  it('applies path-less value objects key by key, dotted and URN keys included (Entra ID)', () => {
    const after = patch(user(), {
      op: 'Add',
      value: { 'name.familyName': 'Lee', [`${ENTERPRISE}:department`]: 'Sales', active: 'False' },
    });
    expect(after.name).toMatchObject({ familyName: 'Lee' });
    expect(after[ENTERPRISE]).toEqual({ department: 'Sales' });
    expect(after.active).toBe('False');
  });

  it('filters list elements in paths, and builds the element a replace does not find', () => {
    const after = patch(
      user(),
      { op: 'remove', path: 'members[value eq "2"]' },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'b@example.com' },
      { op: 'replace', path: 'emails[type eq "home"].value', value: 'h@example.com' },
    );
    expect((after.members as JsonObject[]).map((m) => m.value)).toEqual(['1', '3']);
    expect(after.emails).toEqual([
      { value: 'b@example.com', type: 'work', primary: true },
      { type: 'home', value: 'h@example.com' },
    ]);
  });

  it('removes members named in the value (Entra ID) and strips the core schema from paths', () => {
    const after = patch(
      user(),
      { op: 'remove', path: 'members', value: [{ value: '1' }, { value: '3' }] },
      { op: 'replace', path: `${USER}:active`, value: false },
    );
    expect(after.members).toEqual([{ value: '2' }]);
    expect(after.active).toBe(false);
  });

  it('refuses a remove without a path and paths it cannot read', () => {
    expect(() => patch(user(), { op: 'remove' })).toThrow(/needs a "path"/);
    expect(() => patch(user(), { op: 'replace', path: 'a.b.c', value: 1 })).toThrow(
      /attribute path/,
    );
    expect(() => patch(user(), { op: 'replace', path: 'members[value co "1"]', value: 1 })).toThrow(
      /not supported/,
    );
    expect(() => patch(user(), { op: 'replace', value: 'x' })).toThrow(/object as its value/);
  });
});
