import {
  formatRoleMapping,
  isDomainAllowed,
  parseDomains,
  parseRoleMapping,
  roleFromClaims,
} from './role-mapping';

describe('role mapping', () => {
  it('reads one "claim value = role" a line, ignoring blank lines', () => {
    const parsed = parseRoleMapping(
      'tandem-admins = admin\n\n  People Team=HR \r\nexec=a = executive',
    );
    expect(parsed).toEqual({
      ok: true,
      value: [
        { value: 'tandem-admins', role: 'admin' },
        { value: 'People Team', role: 'hr' },
        { value: 'exec=a', role: 'executive' },
      ],
    });
    if (parsed.ok)
      expect(formatRoleMapping(parsed.value)).toBe(
        'tandem-admins = admin\nPeople Team = hr\nexec=a = executive',
      );
  });

  it('refuses a line without a role, an unknown role, the manager role and a value mapped twice', () => {
    expect(parseRoleMapping('admins')).toEqual({
      ok: false,
      error: expect.stringContaining('Line 1'),
    });
    expect(parseRoleMapping('a = admin\nb = owner')).toEqual({
      ok: false,
      error: expect.stringContaining('Line 2: "owner"'),
    });
    expect(parseRoleMapping('m = manager')).toEqual({
      ok: false,
      error: expect.stringContaining('unit managers'),
    });
    expect(parseRoleMapping('a = admin\na = hr')).toEqual({
      ok: false,
      error: expect.stringContaining('mapped twice'),
    });
  });

  it('grants the role with the most access among the matching values, or none', () => {
    const rules = [
      { value: 'people', role: 'hr' as const },
      { value: 'admins', role: 'admin' as const },
      { value: 'board', role: 'executive' as const },
    ];
    expect(roleFromClaims({ groups: ['board', 'people'] }, 'groups', rules)).toBe('hr');
    expect(roleFromClaims({ groups: ['people', 'admins'] }, 'groups', rules)).toBe('admin');
    expect(roleFromClaims({ role: 'board' }, 'role', rules)).toBe('executive');
    expect(roleFromClaims({ groups: ['Admins'] }, 'groups', rules)).toBeNull();
    expect(roleFromClaims({ groups: 'people' }, 'roles', rules)).toBeNull();
    expect(roleFromClaims({ groups: [{ admins: true }] }, 'groups', rules)).toBeNull();
  });

  it('reads allowed domains in any separator, lower-cased, without "@", and refuses non-domains', () => {
    expect(parseDomains('Example.com, @sub.example.org\nexample.com')).toEqual({
      ok: true,
      value: ['example.com', 'sub.example.org'],
    });
    expect(parseDomains('example')).toEqual({
      ok: false,
      error: expect.stringContaining('"example"'),
    });
    expect(parseDomains('exa mple.com')).toEqual({ ok: false, error: expect.any(String) });
  });

  it('allows an address only when its own domain is listed', () => {
    expect(isDomainAllowed('Ann@Example.com', ['example.com'])).toBe(true);
    expect(isDomainAllowed('ann@mail.example.com', ['example.com'])).toBe(false);
    expect(isDomainAllowed('ann@example.com.evil.test', ['example.com'])).toBe(false);
    expect(isDomainAllowed('@example.com', ['example.com'])).toBe(false);
  });
});
