import { retentionByUnit } from '../src/analytics/queries/directory-aggregates.query';
import { ApiKeysService } from '../src/auth/api-keys.service';
import type { CurrentUser } from '../src/auth/current-user';
import { EmployeeHistoryService } from '../src/directory/history/employee-history.service';
import type { Response } from 'supertest';
import { csrfFrom, createTestApp, signedInAgent, TestApp } from './support/test-app';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const TANDEM = 'urn:ietf:params:scim:schemas:extension:tandem:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** RFC 7643 §8.1, Minimal User Representation, as printed. */
const RFC_MINIMAL_USER = {
  schemas: [USER],
  id: '2819c223-7f76-453a-919d-413861904646',
  userName: 'bjensen@example.com',
  meta: {
    resourceType: 'User',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"3694e05e9dff590"',
    location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
  },
};

/** RFC 7643 §8.2, Full User Representation, as printed. */
const RFC_FULL_USER = {
  schemas: [USER],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: '701984',
  userName: 'bjensen@example.com',
  name: {
    formatted: 'Ms. Barbara J Jensen, III',
    familyName: 'Jensen',
    givenName: 'Barbara',
    middleName: 'Jane',
    honorificPrefix: 'Ms.',
    honorificSuffix: 'III',
  },
  displayName: 'Babs Jensen',
  nickName: 'Babs',
  profileUrl: 'https://login.example.com/bjensen',
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  addresses: [
    {
      type: 'work',
      streetAddress: '100 Universal City Plaza',
      locality: 'Hollywood',
      region: 'CA',
      postalCode: '91608',
      country: 'USA',
      formatted: '100 Universal City Plaza\nHollywood, CA 91608 USA',
      primary: true,
    },
  ],
  phoneNumbers: [{ value: '555-555-5555', type: 'work' }],
  ims: [{ value: 'someaimhandle', type: 'aim' }],
  photos: [{ value: 'https://photos.example.com/profilephoto/72930000000Ccne/F', type: 'photo' }],
  userType: 'Employee',
  title: 'Tour Guide',
  preferredLanguage: 'en-US',
  locale: 'en-US',
  timezone: 'America/Los_Angeles',
  active: true,
  password: 't1meMa$heen',
  groups: [
    {
      value: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
      $ref: 'https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a',
      display: 'Tour Guides',
    },
  ],
  x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAw' }],
  meta: {
    resourceType: 'User',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"a330bc54f0671c9"',
    location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
  },
};

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

describe('SCIM 2.0 provisioning (real server, real PostgreSQL)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInAgent>>;
  let apiKey: string;
  let token: string;
  let defaultUnitId: string;
  let today: string;
  let babsId: string;

  const scim = (method: Method, path: string, body?: object, bearer = token) => {
    const req = t
      .http()
      [method](`/scim/v2${path}`)
      .set('Authorization', `Bearer ${bearer}`)
      .set('Accept', 'application/scim+json');
    return body === undefined
      ? req
      : req.set('Content-Type', 'application/scim+json').send(JSON.stringify(body));
  };
  const patchOp = (...Operations: object[]) => ({ schemas: [PATCH_OP], Operations });
  const adminUser = (): CurrentUser => ({
    id: admin.user.id,
    email: admin.user.email,
    name: 'admin',
    role: 'admin',
    mustChangePassword: false,
    scope: null,
    via: 'session',
  });
  const history = (id: string) => t.app.get(EmployeeHistoryService).entries(adminUser(), id);
  const create = async (userName: string, extra: object = {}) => {
    const res = await scim('post', '/Users', { schemas: [USER], userName, ...extra });
    expect(res.status).toBe(201);
    return res.body as { id: string; displayName: string };
  };
  const expectScimError = (res: Response, status: number, type?: string) => {
    expect(res.status).toBe(status);
    expect(res.body.schemas).toEqual([ERROR]);
    expect(res.body.status).toBe(String(status));
    if (type) expect(res.body.scimType).toBe(type);
    expect(typeof res.body.detail).toBe('string');
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signedInAgent(t, 'admin');
    apiKey = (await t.app.get(ApiKeysService).create(admin.user.id, 'directory')).key;
    const unit = await t
      .http()
      .post('/api/v1/units')
      .set('Authorization', `Bearer ${apiKey}`)
      .send({ name: 'New starters', externalId: 'NEW' });
    expect(unit.status).toBe(201);
    defaultUnitId = unit.body.id;
    const page = await admin.agent.get('/admin/scim').expect(200);
    const created = await admin.agent
      .post('/admin/scim')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        name: 'Entra ID',
        defaultUnitId,
        defaultExitType: 'voluntary',
      });
    expect(created.status).toBe(200);
    token = /data-testid="scim-token">([^<]+)</.exec(created.text)![1];
    expect(token).toMatch(/^tdm_scim_/);
    [{ today }] = await t.dataSource.query(`SELECT current_date::text AS today`);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('describes itself: ServiceProviderConfig, ResourceTypes and Schemas as application/scim+json', async () => {
    const config = await scim('get', '/ServiceProviderConfig').expect(200);
    expect(config.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(config.body.patch.supported).toBe(true);
    expect(config.body.filter).toEqual({ supported: true, maxResults: 200 });
    expect(config.body.bulk.supported).toBe(false);
    const types = await scim('get', '/ResourceTypes').expect(200);
    expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    const schemas = await scim('get', '/Schemas').expect(200);
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([USER, GROUP, ENTERPRISE, TANDEM]),
    );
    await scim('get', `/Schemas/${USER}`).expect(200);
    expectScimError(await scim('get', '/Schemas/urn:nothing'), 404);
  });

  it('creates the RFC 7643 §8.2 full user as an employee hired today in the default unit', async () => {
    const res = await scim('post', '/Users', RFC_FULL_USER);
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    const user = res.body;
    babsId = user.id;
    expect(user.id).not.toBe(RFC_FULL_USER.id);
    expect(res.headers.location).toBe(`/scim/v2/Users/${user.id}`);
    expect(user).toMatchObject({
      userName: 'bjensen@example.com',
      externalId: '701984',
      displayName: 'Babs Jensen',
      active: true,
      emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
      groups: [{ value: defaultUnitId, display: 'New starters' }],
      [ENTERPRISE]: { department: 'New starters' },
      [TANDEM]: { hireDate: today, exitDate: null, exitType: null },
      meta: { resourceType: 'User', location: `/scim/v2/Users/${user.id}` },
    });
    expect(JSON.stringify(user)).not.toContain('t1meMa$heen');
    const [row] = await t.dataSource.query(
      `SELECT email, name, external_id, unit_id, hire_date::text AS hire FROM employees WHERE id = $1`,
      [user.id],
    );
    expect(row).toEqual({
      email: 'bjensen@example.com',
      name: 'Babs Jensen',
      external_id: '701984',
      unit_id: defaultUnitId,
      hire: today,
    });
    expect(await history(user.id)).toEqual([
      expect.objectContaining({ date: today, kind: 'hire', unitId: defaultUnitId }),
    ]);
  });

  it('refuses the RFC 7643 §8.1 minimal user with the same userName: 409 uniqueness', async () => {
    expectScimError(await scim('post', '/Users', RFC_MINIMAL_USER), 409, 'uniqueness');
    const again = { ...RFC_MINIMAL_USER, userName: 'BJensen@Example.com' };
    expectScimError(await scim('post', '/Users', again), 409, 'uniqueness');
  });

  it('gets a user by id, and 404 in the SCIM format for an unknown one', async () => {
    const res = await scim('get', `/Users/${babsId}`).expect(200);
    expect(res.body.userName).toBe('bjensen@example.com');
    expectScimError(await scim('get', '/Users/2819c223-7f76-453a-919d-413861904646'), 404);
    expectScimError(await scim('get', '/Users/not-a-uuid'), 404);
    expectScimError(
      await scim('put', '/Users/2819c223-7f76-453a-919d-413861904646', RFC_MINIMAL_USER),
      404,
    );
  });

  it('filters with userName eq (any case), externalId eq, displayName eq and and/or', async () => {
    const list = async (filter: string) => {
      const res = await scim('get', `/Users?filter=${encodeURIComponent(filter)}`).expect(200);
      expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
      return res.body as { totalResults: number; Resources: Array<{ id: string }> };
    };
    expect((await list('userName eq "BJENSEN@example.com"')).Resources.map((r) => r.id)).toEqual([
      babsId,
    ]);
    expect((await list('externalId eq "701984"')).totalResults).toBe(1);
    expect((await list('externalId eq "701984 "')).totalResults).toBe(0);
    expect((await list('displayName eq "babs jensen"')).totalResults).toBe(1);
    expect((await list(`${USER}:userName eq "bjensen@example.com"`)).totalResults).toBe(1);
    expect((await list('userName eq "nobody@example.com"')).totalResults).toBe(0);
    expect(
      (
        await list(
          '(userName eq "nobody@example.com" or externalId eq "701984") and active eq true',
        )
      ).totalResults,
    ).toBe(1);
  });

  it('answers unsupported filters with 400 invalidFilter', async () => {
    for (const filter of [
      'userName co "jensen"',
      'active eq "yes"',
      'userName eq true',
      'userName sw "b"',
      'title eq "Tour Guide"',
      'userName eq',
      'userName eq "a" and',
      'not (userName eq "a")',
      'emails[type eq "work"].value eq "a"',
      '(userName eq "a"',
    ]) {
      const res = await scim('get', `/Users?filter=${encodeURIComponent(filter)}`);
      expectScimError(res, 400, 'invalidFilter');
    }
  });

  it('answers a body that is not JSON with 400 in the SCIM format, changing nothing', async () => {
    const res = await t
      .http()
      .post('/scim/v2/Users')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/scim+json')
      .send('{"userName": "broken@example.com",');
    expectScimError(res, 400);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM employees WHERE email = 'broken@example.com'`,
    );
    expect(n).toBe(0);
  });

  it('replaces a user with PUT', async () => {
    const current = (await scim('get', `/Users/${babsId}`).expect(200)).body;
    const res = await scim('put', `/Users/${babsId}`, {
      ...current,
      displayName: 'Barbara Jensen',
      externalId: '701985',
    }).expect(200);
    expect(res.body).toMatchObject({
      displayName: 'Barbara Jensen',
      externalId: '701985',
      active: true,
    });
    expectScimError(
      await scim('put', `/Users/${babsId}`, { schemas: [USER], userName: 'not an email' }),
      400,
      'invalidValue',
    );
  });

  it('takes the RFC 7644 §3.5.2 PATCH forms', async () => {
    // §3.5.2.1: add without a path; the e-mail list is read from userName, so it changes nothing.
    await scim(
      'patch',
      `/Users/${babsId}`,
      patchOp({
        op: 'add',
        value: { emails: [{ value: 'babs@jensen.org', type: 'home' }], nickName: 'Babs' },
      }),
    ).expect(200);
    // §3.5.2.3: replace with a path; a complex value replaces the sub-attributes it names.
    let res = await scim(
      'patch',
      `/Users/${babsId}`,
      patchOp(
        { op: 'replace', path: 'displayName', value: 'Babs J. Jensen' },
        { op: 'replace', path: 'externalId', value: '701986' },
      ),
    ).expect(200);
    expect(res.body).toMatchObject({ displayName: 'Babs J. Jensen', externalId: '701986' });
    // §3.5.2.2: remove with a path.
    res = await scim('patch', `/Users/${babsId}`, patchOp({ op: 'remove', path: 'externalId' }));
    expect(res.status).toBe(200);
    expect(res.body.externalId).toBeUndefined();
    expectScimError(
      await scim('patch', `/Users/${babsId}`, patchOp({ op: 'remove' })),
      400,
      'noTarget',
    );
    expectScimError(
      await scim('patch', `/Users/${babsId}`, patchOp({ op: 'move', path: 'displayName' })),
      400,
      'invalidSyntax',
    );
    expectScimError(
      await scim('patch', `/Users/${babsId}`, { Operations: 'replace everything' }),
      400,
      'invalidSyntax',
    );
  });

  it('takes Entra ID (Azure AD) PATCH: capitalised ops, path-less value objects, "False" as a string', async () => {
    const user = await create('azure.one@example.com', {
      displayName: 'Azure One',
      externalId: 'az-1',
    });
    const res = await scim(
      'patch',
      `/Users/${user.id}`,
      patchOp(
        { op: 'Replace', path: 'displayName', value: 'Azure Uno' },
        {
          op: 'Add',
          value: {
            'name.givenName': 'Azure',
            'name.familyName': 'Uno',
            [`${ENTERPRISE}:department`]: 'ignored',
            title: 'ignored',
          },
        },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'azure.one@example.com' },
      ),
    ).expect(200);
    expect(res.body.displayName).toBe('Azure Uno');
    const off = await scim(
      'patch',
      `/Users/${user.id}`,
      patchOp({ op: 'Replace', path: 'active', value: 'False' }),
    ).expect(200);
    expect(off.body.active).toBe(false);
    expect(off.body[TANDEM]).toEqual({ hireDate: today, exitDate: today, exitType: 'voluntary' });
  });

  it('takes Okta PATCH: replace with a value object, active false', async () => {
    const user = await create('okta.one@example.com', {
      name: { givenName: 'Okta', familyName: 'One' },
    });
    expect(user.displayName).toBe('Okta One');
    const renamed = await scim(
      'patch',
      `/Users/${user.id}`,
      patchOp({
        op: 'replace',
        value: { id: user.id, name: { givenName: 'Okta', familyName: 'Uno' } },
      }),
    ).expect(200);
    expect(renamed.body.displayName).toBe('Okta Uno');
    const off = await scim(
      'patch',
      `/Users/${user.id}`,
      patchOp({ op: 'replace', value: { active: false } }),
    ).expect(200);
    expect(off.body.active).toBe(false);
  });

  it('takes OneLogin-style PATCH: paths with the schema URN, extension paths', async () => {
    const user = await create('onelogin.one@example.com', { displayName: 'One Login' });
    const res = await scim(
      'patch',
      `/Users/${user.id}`,
      patchOp(
        { op: 'replace', path: `${USER}:displayName`, value: 'One Login Renamed' },
        { op: 'replace', path: `${TANDEM}:exitType`, value: 'involuntary' },
        { op: 'replace', path: `${USER}:active`, value: false },
      ),
    ).expect(200);
    expect(res.body).toMatchObject({ displayName: 'One Login Renamed', active: false });
    expect(res.body[TANDEM]).toMatchObject({ exitDate: today, exitType: 'involuntary' });
  });

  it('records a deactivation as an exit dated that day, in the history and in turnover', async () => {
    const user = await create('leaver@example.com', {
      displayName: 'Lee Leaver',
      [TANDEM]: { hireDate: '2022-03-01' },
    });
    await scim(
      'patch',
      `/Users/${user.id}`,
      patchOp({ op: 'replace', path: 'active', value: false }),
    ).expect(200);
    expect(await history(user.id)).toEqual([
      expect.objectContaining({ date: '2022-03-01', kind: 'hire', unitId: defaultUnitId }),
      expect.objectContaining({ date: today, kind: 'exit', exitType: 'voluntary' }),
    ]);
    const start = `${today.slice(0, 4)}-01-01` <= today ? `${today.slice(0, 4)}-01-01` : today;
    const [retention] = (
      await retentionByUnit(t.dataSource.manager, [
        { id: 'p', periodStart: start, periodEnd: today },
      ])
    ).filter((r) => r.unitId === defaultUnitId);
    // Lee, and the Entra ID, Okta (voluntary) and OneLogin (involuntary) leavers above.
    expect(retention.separations).toBe(4);
    expect(retention.voluntary).toBe(3);
    const listed = await scim(
      'get',
      `/Users?filter=${encodeURIComponent('userName eq "leaver@example.com"')}`,
    );
    expect(listed.body.Resources[0].active).toBe(false);
  });

  it('rehires on active true after an earlier exit, and takes back an exit made the same day', async () => {
    const user = await create('boomerang@example.com', {
      displayName: 'Bo Merang',
      [TANDEM]: { hireDate: '2020-01-06' },
    });
    await scim(
      'patch',
      `/Users/${user.id}`,
      patchOp({ op: 'replace', value: { active: false, [`${TANDEM}:exitDate`]: '2024-06-28' } }),
    ).expect(200);
    const back = await scim(
      'patch',
      `/Users/${user.id}`,
      patchOp({ op: 'replace', path: 'active', value: true }),
    ).expect(200);
    expect(back.body.active).toBe(true);
    expect((await history(user.id)).map((h) => [h.date, h.kind])).toEqual([
      ['2020-01-06', 'hire'],
      ['2024-06-28', 'exit'],
      [today, 'hire'],
    ]);
    const same = await create('sameday@example.com');
    await scim(
      'patch',
      `/Users/${same.id}`,
      patchOp({ op: 'replace', path: 'active', value: false }),
    );
    await scim(
      'patch',
      `/Users/${same.id}`,
      patchOp({ op: 'replace', path: 'active', value: 'True' }),
    );
    expect((await history(same.id)).map((h) => h.kind)).toEqual(['hire']);
  });

  it('pages with startIndex and count, totalResults counting every match', async () => {
    const all = (await scim('get', '/Users?count=200').expect(200)).body;
    expect(all.totalResults).toBe(all.Resources.length);
    expect(all.totalResults).toBeGreaterThanOrEqual(7);
    const page = (await scim('get', '/Users?startIndex=2&count=3').expect(200)).body;
    expect(page).toMatchObject({ totalResults: all.totalResults, startIndex: 2, itemsPerPage: 3 });
    expect(page.Resources.map((r: { id: string }) => r.id)).toEqual(
      all.Resources.slice(1, 4).map((r: { id: string }) => r.id),
    );
    const none = (await scim('get', '/Users?count=0').expect(200)).body;
    expect(none).toMatchObject({ totalResults: all.totalResults, itemsPerPage: 0, Resources: [] });
    const past = (await scim('get', `/Users?startIndex=${all.totalResults + 1}`).expect(200)).body;
    expect(past.Resources).toEqual([]);
    expectScimError(await scim('get', '/Users?count=many'), 400, 'invalidValue');
  });

  it('keeps Groups as units: create with members (moves), patch members, rename, delete', async () => {
    const mover = await create('mover@example.com', {
      displayName: 'Mo Mover',
      [TANDEM]: { hireDate: '2023-02-01' },
    });
    const stayer = await create('stayer@example.com', { displayName: 'Stay Er' });
    // RFC 7643 §8.4, with this directory's member ids.
    const created = await scim('post', '/Groups', {
      schemas: [GROUP],
      displayName: 'Tour Guides',
      externalId: 'TOUR',
      members: [{ value: mover.id, $ref: `/scim/v2/Users/${mover.id}`, display: 'Mo Mover' }],
    });
    expect(created.status).toBe(201);
    const groupId = created.body.id as string;
    expect(created.body).toMatchObject({
      displayName: 'Tour Guides',
      externalId: 'TOUR',
      members: [{ value: mover.id, display: 'Mo Mover' }],
    });
    expect((await history(mover.id)).map((h) => [h.date, h.kind, h.unitId])).toEqual([
      ['2023-02-01', 'hire', defaultUnitId],
      [today, 'move', groupId],
    ]);
    expect((await scim('get', `/Users/${mover.id}`)).body.groups[0].value).toBe(groupId);

    // Entra ID adds members with a capitalised op and a value list.
    await scim(
      'patch',
      `/Groups/${groupId}`,
      patchOp({ op: 'Add', path: 'members', value: [{ value: stayer.id }] }),
    ).expect(200);
    let group = (await scim('get', `/Groups/${groupId}`)).body;
    expect(group.members.map((m: { value: string }) => m.value).sort()).toEqual(
      [mover.id, stayer.id].sort(),
    );
    // RFC 7644 §3.5.2.2 removes with a filter in the path; the person goes to the default unit.
    await scim(
      'patch',
      `/Groups/${groupId}`,
      patchOp({ op: 'remove', path: `members[value eq "${stayer.id}"]` }),
    ).expect(200);
    expect((await scim('get', `/Users/${stayer.id}`)).body.groups[0].value).toBe(defaultUnitId);
    // Okta renames with a value object; Entra ID removes members named in the value.
    await scim(
      'patch',
      `/Groups/${groupId}`,
      patchOp(
        { op: 'replace', value: { id: groupId, displayName: 'Tour Guides West' } },
        { op: 'Remove', path: 'members', value: [{ value: mover.id }] },
      ),
    ).expect(200);
    group = (await scim('get', `/Groups/${groupId}`)).body;
    expect(group).toMatchObject({ displayName: 'Tour Guides West', members: [] });
    const filtered = await scim(
      'get',
      `/Groups?filter=${encodeURIComponent('displayName eq "tour guides west"')}&excludedAttributes=members`,
    ).expect(200);
    expect(filtered.body.totalResults).toBe(1);
    expect(filtered.body.Resources[0].members).toBeUndefined();
    expectScimError(
      await scim(
        'patch',
        `/Groups/${groupId}`,
        patchOp({ op: 'add', path: 'members', value: [{ value: groupId }] }),
      ),
      400,
      'invalidValue',
    );

    // Deleting the group moves whoever is in it to the default unit and deactivates the unit.
    await scim(
      'patch',
      `/Groups/${groupId}`,
      patchOp({ op: 'add', path: 'members', value: [{ value: mover.id }] }),
    ).expect(200);
    await scim('delete', `/Groups/${groupId}`).expect(204);
    expectScimError(await scim('get', `/Groups/${groupId}`), 404);
    expect((await scim('get', `/Users/${mover.id}`)).body.groups[0].value).toBe(defaultUnitId);
    const [unit] = await t.dataSource.query(`SELECT deactivated_at FROM units WHERE id = $1`, [
      groupId,
    ]);
    expect(unit.deactivated_at).not.toBeNull();
    expectScimError(await scim('delete', `/Groups/${defaultUnitId}`), 409);
  });

  it('deletes a user as an exit plus deactivation: gone from SCIM, still counted as a leaver', async () => {
    const user = await create('deleted@example.com');
    await scim('delete', `/Users/${user.id}`).expect(204);
    expectScimError(await scim('get', `/Users/${user.id}`), 404);
    const [row] = await t.dataSource.query(
      `SELECT exit_date::text AS exit, deactivated_at FROM employees WHERE id = $1`,
      [user.id],
    );
    expect(row.exit).toBe(today);
    expect(row.deactivated_at).not.toBeNull();
  });

  it('records every SCIM change in the audit log as made by the token, and the token itself', async () => {
    const audit = async (query: string) => {
      const res = await t
        .http()
        .get(`/api/v1/audit?${query}&pageSize=200`)
        .set('Authorization', `Bearer ${apiKey}`)
        .expect(200);
      return res.body.items as Array<{
        action: string;
        actor: { kind: string; apiKeyId: string | null; email: string | null };
        target: { type: string; id: string; label: string | null };
        changes: { before?: Record<string, unknown>; after?: Record<string, unknown> };
      }>;
    };
    const [tokenCreate] = await audit('action=scim.token_create');
    expect(tokenCreate.actor).toMatchObject({ kind: 'user', email: admin.user.email });
    expect(JSON.stringify(tokenCreate)).not.toContain(token);
    const tokenId = tokenCreate.target.id;
    const byToken = await audit(`actor=${tokenId}`);
    expect(byToken.length).toBeGreaterThan(10);
    expect(
      byToken.every((e) => e.actor.kind === 'scim_token' && e.actor.apiKeyId === tokenId),
    ).toBe(true);
    expect(new Set(byToken.map((e) => e.action))).toEqual(
      new Set([
        'directory.employee_create',
        'directory.employee_update',
        'directory.employee_deactivate',
        'directory.unit_create',
        'directory.unit_update',
        'directory.unit_deactivate',
      ]),
    );
    const babs = byToken.filter((e) => e.target.id === babsId).map((e) => e.action);
    expect(babs).toEqual(
      expect.arrayContaining(['directory.employee_create', 'directory.employee_update']),
    );
    // People are named in the log only by their record's id (the directory's own rule).
    expect(JSON.stringify(byToken)).not.toContain('bjensen@example.com');
    const leaver = byToken.find(
      (e) => e.action === 'directory.employee_update' && e.changes.after?.exitDate === today,
    );
    expect(leaver?.changes.after).toMatchObject({ exitType: expect.any(String) });
  });

  it('opens /scim only to SCIM tokens, and a SCIM token opens nothing else', async () => {
    expectScimError(await t.http().get('/scim/v2/Users'), 401);
    const anonymous = await t
      .http()
      .post('/scim/v2/Users')
      .set('Content-Type', 'application/scim+json')
      .send(JSON.stringify({ schemas: [USER], userName: 'x@example.com' }));
    expectScimError(anonymous, 401);
    expectScimError(await scim('get', '/Users', undefined, apiKey), 401);
    expectScimError(
      await scim('post', '/Users', { schemas: [USER], userName: 'x@example.com' }, apiKey),
      401,
    );
    expectScimError(await admin.agent.get('/scim/v2/Users'), 401);
    expectScimError(await scim('get', '/Users', undefined, `${token}x`), 401);

    const api = await t.http().get('/api/v1/employees').set('Authorization', `Bearer ${token}`);
    expect(api.status).toBe(401);
    const write = await t
      .http()
      .post('/api/v1/units')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'Sneaky' });
    expect(write.status).toBe(401);
    const page = await t.http().get('/admin/units').set('Authorization', `Bearer ${token}`);
    // A page answers an unknown bearer as it answers no session: off to sign in.
    expect(page.status).toBe(303);
    expect(page.headers.location).toMatch(/^\/login/);
    const pageAsJson = await t
      .http()
      .get('/admin/units')
      .set('Accept', 'application/json')
      .set('Authorization', `Bearer ${token}`);
    expect(pageAsJson.status).toBe(401);
    expect(page.text).not.toContain('New starters');
  });

  it('refuses a revoked token, after the admin confirms the revocation', async () => {
    const list = await admin.agent.get('/admin/scim').expect(200);
    const id = /href="\/admin\/scim\/([0-9a-f-]{36})\/revoke"/.exec(list.text)![1];
    const confirm = await admin.agent.get(`/admin/scim/${id}/revoke`).expect(200);
    expect(confirm.text).toContain('Revoke the token');
    await scim('get', '/Users').expect(200);
    await admin.agent
      .post(`/admin/scim/${id}/revoke`)
      .type('form')
      .send({ _csrf: csrfFrom(confirm.text) })
      .expect(303);
    expectScimError(await scim('get', '/Users'), 401);
    const res = await t
      .http()
      .get('/api/v1/audit?action=scim.token_revoke')
      .set('Authorization', `Bearer ${apiKey}`)
      .expect(200);
    expect(res.body.items[0].target.id).toBe(id);
  });

  it('limits each client address to 600 SCIM requests a minute', async () => {
    const from = (n: number) =>
      t.http().get('/scim/v2/ServiceProviderConfig').set('X-Forwarded-For', `203.0.113.${n}`);
    const statuses: number[] = [];
    for (let i = 0; i < 601; i++) statuses.push((await from(7)).status);
    expect(statuses.slice(0, 600).every((s) => s === 401)).toBe(true);
    expect(statuses[600]).toBe(429);
    expect((await from(8)).status).toBe(401);
  });
});
