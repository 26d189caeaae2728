import { ApiKeysService } from '../src/auth/api-keys.service';
import { employeeRows, employeesCsv, unitsCsv, unitTree } from './fixtures/directory/directory-csv';
import { createTestApp, createUser, signedInAgent, TestApp } from './support/test-app';

describe('Directory JSON API', () => {
  let t: TestApp;
  let auth: { Authorization: string };

  const api = () => t.http();

  beforeAll(async () => {
    t = await createTestApp();
    const hr = await createUser(t, 'hr');
    const { key } = await t.app.get(ApiKeysService).create(hr.id, 'HRIS sync');
    auth = { Authorization: `Bearer ${key}` };
  });

  afterAll(async () => {
    await t.close();
  });

  it('creates, moves and lists units; a move carries the subtree', async () => {
    const north = await api()
      .post('/api/v1/units')
      .set(auth)
      .send({ name: 'North', externalId: 'N' })
      .expect(201);
    const south = await api()
      .post('/api/v1/units')
      .set(auth)
      .send({ name: 'South', externalId: 'S' })
      .expect(201);
    const team = await api()
      .post('/api/v1/units')
      .set(auth)
      .send({ name: 'Team', externalId: 'T', parentId: north.body.id })
      .expect(201);
    expect(team.body).toMatchObject({ parentId: north.body.id, parentName: 'North', depth: 1 });

    await api()
      .patch(`/api/v1/units/${north.body.id}`)
      .set(auth)
      .send({ parentId: south.body.id })
      .expect(200);
    const [row] = await t.dataSource.query(`SELECT path FROM units WHERE id = $1`, [team.body.id]);
    expect(row.path).toBe(`/${south.body.id}/${north.body.id}/${team.body.id}/`);

    const loop = await api()
      .patch(`/api/v1/units/${south.body.id}`)
      .set(auth)
      .send({ parentId: team.body.id });
    expect(loop.status).toBe(422);
    expect(loop.body.code).toBe('MOVE_INTO_OWN_SUBTREE');

    const list = await api().get('/api/v1/units?sort=tree').set(auth).expect(200);
    expect(
      list.body.items.map((u: { externalId: string; depth: number }) => [u.externalId, u.depth]),
    ).toEqual([
      ['S', 0],
      ['N', 1],
      ['T', 2],
    ]);
  });

  it('validates bodies: field messages, unknown properties and exit before hire', async () => {
    const [unit] = await t.dataSource.query(`SELECT id FROM units WHERE external_id = 'T'`);
    const bad = await api()
      .post('/api/v1/employees')
      .set(auth)
      .send({ email: 'nope', name: 'X', unitId: unit.id, hireDate: '2024-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('Enter a valid email address.');
    expect(bad.body.message).toContain('Enter the hire date as YYYY-MM-DD.');

    const extra = await api()
      .post('/api/v1/employees')
      .set(auth)
      .send({ email: 'a@x.test', name: 'X', unitId: unit.id, hireDate: '2024-01-01', salary: 1 });
    expect(extra.status).toBe(400);

    const early = await api().post('/api/v1/employees').set(auth).send({
      email: 'a@x.test',
      name: 'X',
      unitId: unit.id,
      hireDate: '2024-01-01',
      exitDate: '2023-12-31',
      exitType: 'voluntary',
    });
    expect(early.status).toBe(400);
    expect(early.body.message).toContain('The exit date cannot be before the hire date.');
  });

  it('creates an employee, records an exit with PATCH and refuses an exit before the stored hire date', async () => {
    const [unit] = await t.dataSource.query(`SELECT id FROM units WHERE external_id = 'T'`);
    const created = await api()
      .post('/api/v1/employees')
      .set(auth)
      .send({
        email: 'Lee@Example.test',
        name: 'Lee',
        unitId: unit.id,
        hireDate: '2022-03-01',
        customerFacing: true,
      })
      .expect(201);
    expect(created.body).toMatchObject({
      email: 'lee@example.test',
      customerFacing: true,
      status: 'active',
    });

    const early = await api()
      .patch(`/api/v1/employees/${created.body.id}`)
      .set(auth)
      .send({ exitDate: '2021-01-01', exitType: 'other' });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('EXIT_BEFORE_HIRE');

    const exited = await api()
      .patch(`/api/v1/employees/${created.body.id}`)
      .set(auth)
      .send({ exitDate: '2023-06-30', exitType: 'voluntary' })
      .expect(200);
    expect(exited.body).toMatchObject({
      exitDate: '2023-06-30',
      exitType: 'voluntary',
      status: 'exited',
    });

    await api().delete(`/api/v1/employees/${created.body.id}`).set(auth).expect(204);
    const gone = await api().get(`/api/v1/employees/${created.body.id}`).set(auth).expect(200);
    expect(gone.body.status).toBe('inactive');
  });

  it('takes an employee language on create and PATCH, blank for the default, and refuses an unknown code', async () => {
    const [unit] = await t.dataSource.query(`SELECT id FROM units WHERE external_id = 'T'`);
    const body = { name: 'Dana', unitId: unit.id, hireDate: '2022-03-01' };
    const created = await api()
      .post('/api/v1/employees')
      .set(auth)
      .send({ ...body, language: 'de' })
      .expect(201);
    expect(created.body.language).toBe('de');

    const bad = await api()
      .post('/api/v1/employees')
      .set(auth)
      .send({ ...body, language: 'xx' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('Choose one of en, de, es, or none.');
    const badPatch = await api()
      .patch(`/api/v1/employees/${created.body.id}`)
      .set(auth)
      .send({ language: 'klingon' });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.message).toContain('Choose one of en, de, es, or none.');

    const es = await api()
      .patch(`/api/v1/employees/${created.body.id}`)
      .set(auth)
      .send({ language: 'es' })
      .expect(200);
    expect(es.body).toMatchObject({ language: 'es', name: 'Dana' });
    // A PATCH without the field keeps it; blank means the company default.
    await api().patch(`/api/v1/employees/${created.body.id}`).set(auth).send({ name: 'Dana K' });
    const [kept] = await t.dataSource.query(`SELECT language FROM employees WHERE id = $1`, [
      created.body.id,
    ]);
    expect(kept.language).toBe('es');
    const blank = await api()
      .patch(`/api/v1/employees/${created.body.id}`)
      .set(auth)
      .send({ language: '' })
      .expect(200);
    expect(blank.body.language).toBeNull();
  });

  it('manages accounts with relationship employees and contacts', async () => {
    const [unit] = await t.dataSource.query(`SELECT id FROM units WHERE external_id = 'N'`);
    const account = await api()
      .post('/api/v1/accounts')
      .set(auth)
      .send({ name: 'Harbour', unitId: unit.id, relationshipEmployeeEmails: ['lee@example.test'] })
      .expect(201);
    expect(account.body).toMatchObject({
      relationshipEmployeeEmails: ['lee@example.test'],
      externalId: expect.stringMatching(/^A-/),
    });
    const unknown = await api()
      .patch(`/api/v1/accounts/${account.body.id}`)
      .set(auth)
      .send({ relationshipEmployeeEmails: ['ghost@example.test'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.details.emails).toEqual(['ghost@example.test']);

    const contact = await api()
      .post('/api/v1/contacts')
      .set(auth)
      .send({ email: 'buyer@harbour.test', name: 'Buyer', accountId: account.body.id })
      .expect(201);
    expect(contact.body).toMatchObject({ subscribed: true, accountName: 'Harbour' });
    const dup = await api()
      .post('/api/v1/contacts')
      .set(auth)
      .send({ email: 'buyer@harbour.test', name: 'Again', accountId: account.body.id });
    expect(dup.status).toBe(409);

    const deleteUnit = await api().delete(`/api/v1/units/${unit.id}`).set(auth);
    expect(deleteUnit.status).toBe(409);
    expect(deleteUnit.body.code).toBe('UNIT_NOT_EMPTY');
  });

  it('imports a CSV file in one call, all or nothing, and dry-runs without writing', async () => {
    await api()
      .post('/api/v1/imports/units')
      .set(auth)
      .attach('file', Buffer.from(unitsCsv(unitTree(2, 2))), 'units.csv')
      .expect(200);
    const rows = employeeRows(30, ['R1-T1', 'R2-T2']);
    rows[9].email = 'broken';
    const bad = await api()
      .post('/api/v1/imports/employees')
      .set(auth)
      .attach('file', Buffer.from(employeesCsv(rows)), 'employees.csv');
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('IMPORT_HAS_ERRORS');
    expect(bad.body.details.summary.errors).toEqual([
      { line: 11, column: 'email', message: 'is not a valid email address', value: 'broken' },
    ]);
    const count = async () =>
      (
        await t.dataSource.query(
          `SELECT count(*)::int AS n FROM employees WHERE email LIKE 'employee%'`,
        )
      )[0].n;
    expect(await count()).toBe(0);

    const good = employeesCsv(employeeRows(30, ['R1-T1', 'R2-T2']));
    const dry = await api()
      .post('/api/v1/imports/employees?dryRun=true')
      .set(auth)
      .attach('file', Buffer.from(good), 'employees.csv')
      .expect(200);
    expect(dry.body).toMatchObject({ applied: false, toCreate: 30 });
    expect(await count()).toBe(0);

    const done = await api()
      .post('/api/v1/imports/employees')
      .set(auth)
      .attach('file', Buffer.from(good), 'e.csv')
      .expect(200);
    expect(done.body).toMatchObject({ applied: true, toCreate: 30, toUpdate: 0 });
    const again = await api()
      .post('/api/v1/imports/employees')
      .set(auth)
      .attach('file', Buffer.from(good), 'e.csv')
      .expect(200);
    expect(again.body).toMatchObject({ toCreate: 0, toUpdate: 0, unchanged: 30 });
  });

  it('does not accept writes from a browser session, only from a key', async () => {
    const { agent } = await signedInAgent(t, 'hr');
    expect((await agent.get('/api/v1/units')).status).toBe(200);
    expect((await agent.post('/api/v1/units').send({ name: 'Sneaky' })).status).toBe(401);
  });

  it('documents the directory endpoints and their DTOs in OpenAPI', async () => {
    const doc = await api().get('/api/docs-json').expect(200);
    for (const path of [
      '/api/v1/units',
      '/api/v1/units/{id}',
      '/api/v1/employees',
      '/api/v1/employees/{id}',
      '/api/v1/accounts',
      '/api/v1/contacts/{id}',
      '/api/v1/imports/{kind}',
    ])
      expect(doc.body.paths[path]).toBeDefined();
    expect(Object.keys(doc.body.paths['/api/v1/employees/{id}'])).toEqual(
      expect.arrayContaining(['get', 'patch', 'delete']),
    );
    expect(doc.body.components.schemas.CreateEmployeeDto.required).toEqual(
      expect.arrayContaining(['name', 'unitId', 'hireDate']),
    );
    // Staff without an address answer with printed codes: email is optional.
    expect(doc.body.components.schemas.CreateEmployeeDto.required).not.toContain('email');
    expect(doc.body.components.schemas.ImportSummaryDto).toBeDefined();
    for (const dto of ['CreateEmployeeDto', 'UpdateEmployeeDto', 'CreateContactDto'])
      expect(doc.body.components.schemas[dto].properties.language).toMatchObject({
        enum: ['en', 'de', 'es'],
        nullable: true,
      });
  });
});
