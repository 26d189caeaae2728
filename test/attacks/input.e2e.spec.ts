import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ApiKeysService } from '../../src/auth/api-keys.service';
import { findCommand } from '../../src/cli/main';
import { person, PlanOrg, seedPlanOrg } from '../follow-through.fixtures';
import { createTestApp, createUser, signedInAgent, TestApp } from '../support/test-app';
import { testState } from '../support/test-state';
import { tempDir } from '../support/temp-dir';

const LATIN1_UNITS = Buffer.from('external_id,name,parent_external_id\nCAFE,Caf\xe9,\n', 'latin1');
const NOT_UTF8 = 'The file is not UTF-8 (line 2 has a byte sequence that is not valid UTF-8)';

/** Attacks on how requests are read: encodings, sort keys, JSON shape, limits, a lost database. */
describe('input attacks', () => {
  let t: TestApp;
  let bearer: { Authorization: string };
  let hr: Awaited<ReturnType<typeof signedInAgent>>;

  beforeAll(async () => {
    t = await createTestApp();
    hr = await signedInAgent(t, 'hr');
    const { key } = await t.app.get(ApiKeysService).create(hr.user.id, 'attacks');
    bearer = { Authorization: `Bearer ${key}` };
  });

  afterAll(async () => {
    await t.close();
  });

  const unitNamed = (name: string) =>
    t.dataSource.query<{ name: string }[]>(`SELECT name FROM units WHERE name LIKE $1`, [name]);

  describe('a Latin-1 file', () => {
    it('is refused by the directory import page, naming the encoding', async () => {
      const form = await hr.agent.get('/admin/imports/units').expect(200);
      const token = /_csrf=([^"]+)"/.exec(form.text)![1];
      const res = await hr.agent
        .post(`/admin/imports/units?_csrf=${token}`)
        .attach('file', LATIN1_UNITS, 'units.csv');
      expect(res.status).toBe(422);
      expect(res.text).toContain(NOT_UTF8);
      expect(res.text).toContain('CSV UTF-8');
      expect(await unitNamed('Caf%')).toEqual([]);
    });

    it('is refused by the import API with nothing imported', async () => {
      const res = await t
        .http()
        .post('/api/v1/imports/units')
        .set(bearer)
        .attach('file', LATIN1_UNITS, 'units.csv');
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body)).toContain(NOT_UTF8);
      expect(await unitNamed('Caf%')).toEqual([]);
    });

    it('is refused by the CLI imports', async () => {
      const file = join(tempDir('attack'), 'units.csv');
      writeFileSync(file, LATIN1_UNITS);
      for (const command of ['import:units', 'import:responses']) {
        let out = '';
        const code = await findCommand(command)!.run([file], t.app, {
          write: (s: string) => ((out += s), true),
        });
        expect(code).toBe(2);
        expect(out).toContain(NOT_UTF8);
      }
      expect(await unitNamed('Caf%')).toEqual([]);
    });

    it('is refused by the past-waves response import', async () => {
      const admin = await signedInAgent(t, 'admin');
      const csv = Buffer.from(
        'cycle_label,period_start,period_end,respondent_type,unit_external_id,response_id,question_key,value\n' +
          'Caf\xe9 2024,2024-01-01,2024-03-31,customer,CAFE,r1,comment,tr\xe8s bien\n',
        'latin1',
      );
      const res = await admin.agent
        .post(`/admin/import/responses?_csrf=${encodeURIComponent(admin.csrf)}`)
        .attach('file', csv, 'waves.csv');
      expect(res.status).toBe(422);
      expect(res.text).toContain(NOT_UTF8);
    });

    it('imports the same file saved as UTF-8 with a byte-order mark', async () => {
      const utf8 = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('external_id,name,parent_external_id\nCAFE,Café,\n', 'utf8'),
      ]);
      const res = await t
        .http()
        .post('/api/v1/imports/units')
        .set(bearer)
        .attach('file', utf8, 'units.csv');
      expect(res.status).toBe(200);
      expect(await unitNamed('Caf%')).toEqual([{ name: 'Café' }]);
    });
  });

  describe('sort and filter keys', () => {
    const lists = ['units', 'employees', 'accounts', 'contacts'];

    it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'nope'])(
      'answers ?sort=%s with 400 on every directory list, API and pages',
      async (sort) => {
        for (const list of lists) {
          const api = await t.http().get(`/api/v1/${list}?sort=${sort}`).set(bearer);
          expect([list, api.status]).toEqual([list, 400]);
          expect(api.body.message).toContain(`Unknown sort "${sort}"`);
          const page = await hr.agent.get(`/admin/${list}?sort=${sort}`);
          expect([list, page.status]).toEqual([list, 400]);
          expect(page.text).toContain('Unknown sort');
        }
        const followUps = await t.http().get(`/api/v1/follow-ups?sort=${sort}`).set(bearer);
        expect(followUps.status).toBe(400);
      },
    );

    it('answers a status a list does not filter on with 400', async () => {
      const res = await t.http().get('/api/v1/employees?status=churned').set(bearer);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('Unknown status "churned"');
      await t.http().get('/api/v1/employees?status=exited&sort=name').set(bearer).expect(200);
    });
  });

  describe('JSON bodies', () => {
    it('refuses JSON nested 100,000 deep with 400', async () => {
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      const res = await t
        .http()
        .post('/api/v1/units')
        .set(bearer)
        .set('Content-Type', 'application/json')
        .send(deep);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/more than \d+ levels deep/);
    });

    it('refuses a deeply nested object in a field with 400', async () => {
      let name = '"x"';
      for (let i = 0; i < 1000; i++) name = `{"a":${name}}`;
      const res = await t
        .http()
        .post('/api/v1/units')
        .set(bearer)
        .set('Content-Type', 'application/json')
        .send(`{"name":${name}}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('JSON_TOO_DEEP');
    });

    it('refuses a JSON body over 1 MB with 413', async () => {
      const res = await t
        .http()
        .post('/api/v1/units')
        .set(bearer)
        .send({ name: 'x'.repeat(2 * 1024 * 1024) });
      expect(res.status).toBe(413);
    });

    it('still takes ordinary JSON and rejects prototype keys', async () => {
      await t.http().post('/api/v1/units').set(bearer).send({ name: 'Plain JSON' }).expect(201);
      const res = await t
        .http()
        .post('/api/v1/units')
        .set(bearer)
        .set('Content-Type', 'application/json')
        .send('{"name":"P","__proto__":{"admin":true}}');
      expect(res.status).toBe(400);
    });
  });

  describe('unsubscribe links', () => {
    it('are rate-limited per client address like survey links', async () => {
      for (const method of ['get', 'post'] as const) {
        const statuses: number[] = [];
        for (let i = 0; i < 61; i++)
          statuses.push(
            (await t.http()[method](`/u/${randomBytes(32).toString('base64url')}`)).status,
          );
        expect([method, statuses.slice(0, 60).includes(429)]).toEqual([method, false]);
        expect([method, statuses[60]]).toEqual([method, 429]);
      }
    });
  });

  describe('sharing a plan', () => {
    let org: PlanOrg;
    let manager: Awaited<ReturnType<typeof person>>;
    let planId: string;
    const soon = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);

    beforeAll(async () => {
      org = await seedPlanOrg(t.dataSource);
      manager = await person(t, 'manager', org.bigId);
      const created = await t
        .http()
        .post('/api/v1/action-plans')
        .set(manager.bearer)
        .send({
          cycleId: org.cycleId,
          unitId: org.bigId,
          actions: [{ what: 'Fix the laptop queue', owner: 'Priya', dueOn: soon }],
        })
        .expect(201);
      planId = created.body.id;
    });

    const shareCount = async () =>
      (await t.dataSource.query(`SELECT share_count FROM action_plans WHERE id = $1`, [planId]))[0]
        .share_count as number;

    it('emails the team once a day, however often the button is pressed', async () => {
      const first = await t.http().post(`/api/v1/action-plans/${planId}/share`).set(manager.bearer);
      expect(first.status).toBe(200);
      expect(first.body.recipients).toBe(9);

      for (let i = 0; i < 3; i++) {
        const again = await t
          .http()
          .post(`/api/v1/action-plans/${planId}/share`)
          .set(manager.bearer);
        expect(again.status).toBe(409);
        expect(again.body.code).toBe('SHARED_RECENTLY');
        expect(again.body.message).toMatch(
          /already shared with the team today at \d\d:\d\d UTC; you can share it again tomorrow/,
        );
      }
      const page = await manager.agent
        .post(`/action-plans/${planId}/share`)
        .type('form')
        .send({ _csrf: manager.csrf });
      expect(page.status).toBe(409);
      expect(page.text).toMatch(/already shared with the team today at \d\d:\d\d UTC/);
      expect(page.text).toContain('Share with the team');
      expect(await shareCount()).toBe(1);
    });

    it('shares again once a day has passed', async () => {
      await t.dataSource.query(
        `UPDATE action_plans SET shared_at = now() - interval '24 hours 1 minute' WHERE id = $1`,
        [planId],
      );
      await t.http().post(`/api/v1/action-plans/${planId}/share`).set(manager.bearer).expect(200);
      expect(await shareCount()).toBe(2);
    });
  });
});

/** Attack: with the database gone, every route answered 500 (a crash), not "try again later". */
describe('with the database unreachable', () => {
  let t: TestApp;
  let admin: Client;
  let database: string;
  let signedIn: Awaited<ReturnType<typeof signedInAgent>>;
  let bearer: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    database = new URL(t.databaseUrl).pathname.slice(1);
    signedIn = await signedInAgent(t, 'admin');
    const user = await createUser(t, 'hr');
    const { key } = await t.app.get(ApiKeysService).create(user.id, 'outage');
    bearer = { Authorization: `Bearer ${key}` };
    admin = new Client({ connectionString: testState.load().adminUrl });
    await admin.connect();
    await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [database],
    );
  });

  afterAll(async () => {
    await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
    await admin.end();
    await t.close().catch(() => undefined);
  });

  it('answers pages with a 503 page', async () => {
    for (const path of ['/', '/admin/units', '/admin/cycles', '/reports']) {
      const res = await signedIn.agent.get(path);
      expect([path, res.status]).toEqual([path, 503]);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.text).toContain('The database cannot be reached right now');
      expect(res.headers['retry-after']).toBeDefined();
    }
    const login = await t
      .http()
      .post('/login')
      .type('form')
      .send({ email: 'a@b.c', password: 'x' });
    expect([403, 503]).toContain(login.status);
  });

  it('answers the API with 503 JSON', async () => {
    for (const [method, path] of [
      ['get', '/api/v1/units'],
      ['get', '/api/v1/employees?sort=name'],
      ['post', '/api/v1/units'],
    ] as const) {
      const res = await t
        .http()
        [method](path)
        .set(bearer)
        .send(method === 'post' ? { name: 'X' } : undefined);
      expect([path, res.status]).toEqual([path, 503]);
      expect(res.body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
    }
  });

  it('answers a survey link with 503', async () => {
    const res = await t.http().get(`/s/${randomBytes(32).toString('base64url')}`);
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
