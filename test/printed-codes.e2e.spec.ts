import { toString as qrSvg } from 'qrcode';
import { CycleLifecycleService } from '../src/cycles/cycle-lifecycle.service';
import { hashToken } from '../src/delivery/tokens';
import { errorCells, importCsv, uploadCsv } from './fixtures/directory/directory-http';
import { BUILTIN } from './support/delivery-fixtures';
import {
  codesOnSheet,
  FrontlineCycle,
  launchFrontlineCycle,
  namesOnSheet,
  validAnswers,
} from './support/printed-code-fixtures';
import { createCycle, issueToken, storedEmployeeAnswers } from './support/respond-factories';
import { createTestApp, csrfFrom, signedInAgent, TestApp } from './support/test-app';

type Agent = Awaited<ReturnType<typeof signedInAgent>>;

describe('Printed codes and the kiosk', () => {
  let t: TestApp;
  let hr: Agent;
  let f: FrontlineCycle;
  let answers: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp({ APP_URL: 'http://tandem.example.test' });
    hr = await signedInAgent(t, 'hr');
    f = await launchFrontlineCycle(t, 'k1');
    answers = await validAnswers(t.dataSource, BUILTIN.employee);
  });

  afterAll(async () => {
    await t?.close();
  });

  const print = (fields: Record<string, string | string[]>, cycleId = f.cycleId) =>
    hr.agent
      .post(`/admin/cycles/${cycleId}/codes`)
      .type('form')
      .send({ _csrf: hr.csrf, ...fields });

  /** Types a code on the kiosk; returns the page. */
  const enterCode = (code: string, ip = '10.1.0.1') =>
    t.http().post('/kiosk').set('X-Forwarded-For', ip).type('form').send({ code });

  const submitOnKiosk = (code: string, form: Record<string, string>, ip = '10.1.0.2') =>
    t
      .http()
      .post('/kiosk/answers')
      .set('X-Forwarded-For', ip)
      .type('form')
      .send({ _survey: BUILTIN.employee, code, ...form });

  it('adds an employee without an email address from the directory form', async () => {
    const page = await hr.agent.get('/admin/employees/new').expect(200);
    const res = await hr.agent
      .post('/admin/employees')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        name: 'Dee Frontline',
        email: '',
        unitId: f.branchB,
        hireDate: '2024-02-01',
      });
    expect(res.status).toBe(303);
    const [row] = await t.dataSource.query<Array<{ email: string | null }>>(
      `SELECT email FROM employees WHERE name = 'Dee Frontline'`,
    );
    expect(row.email).toBeNull();
  });

  it('imports staff without an address from CSV when they have an external id', async () => {
    const [unit] = await t.dataSource.query<Array<{ external_id: string }>>(
      `SELECT external_id FROM units WHERE id = $1`,
      [f.branchB],
    );
    const header = 'external_id,email,name,unit_external_id,hire_date';
    const bad = await uploadCsv(
      hr.agent,
      'employees',
      `${header}\nF1-k1,,Fay Frontline,${unit.external_id},2024-03-01\n,,No Key,${unit.external_id},2024-03-01\n`,
    );
    expect(errorCells((await hr.agent.get(bad).expect(200)).text)).toEqual([[3, 'email']]);
    await importCsv(
      hr.agent,
      'employees',
      `${header}\nF1-k1,,Fay Frontline,${unit.external_id},2024-03-01\nF2-k1,,Gus Frontline,${unit.external_id},2024-03-01\n`,
    );
    const rows = await t.dataSource.query<Array<{ email: string | null }>>(
      `SELECT email FROM employees WHERE external_id IN ('F1-k1', 'F2-k1')`,
    );
    expect(rows).toEqual([{ email: null }, { email: null }]);
  });

  it('invites staff without an address when the cycle opens, and queues no email for them', async () => {
    const rows = await t.dataSource.query<Array<{ email: string | null; jobs: number }>>(
      `SELECT i.email,
              (SELECT count(*)::int FROM pgboss.job j WHERE j.data->>'invitationId' = i.id::text) AS jobs
         FROM invitations i WHERE i.cycle_id = $1`,
      [f.cycleId],
    );
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r.email === null).map((r) => r.jobs)).toEqual([0, 0, 0, 0, 0]);
    expect(rows.filter((r) => r.email !== null).map((r) => r.jobs)).toEqual([1]);
  });

  it('lists the units with how many people have no address', async () => {
    const page = await hr.agent.get(`/admin/cycles/${f.cycleId}/codes`).expect(200);
    expect(page.text).toContain('Depot A k1');
    expect(page.text).toContain('(3 without email of 4)');
    expect(page.text).toContain('(2 without email of 2)');
  });

  it('prints one code per person without an address, with a QR code of the survey link, never cached', async () => {
    const res = await print({ unitIds: [f.branchA], who: 'without_email' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const codes = codesOnSheet(res.text);
    expect(namesOnSheet(res.text)).toEqual(['Ana 1 k1', 'Ana 2 k1', 'Ana 3 k1']);
    expect(codes).toHaveLength(3);
    for (const code of codes)
      expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Set(codes).size).toBe(3);
    // The QR code is exactly the survey link of its card's code.
    const images = [...res.text.matchAll(/src="data:image\/svg\+xml;base64,([^"]+)"/g)].map((m) =>
      // Handlebars writes '=' as an entity, which the browser reads back as '='.
      Buffer.from(m[1].replace(/&#x3D;/g, '='), 'base64').toString('utf8'),
    );
    const expected = await qrSvg(`http://tandem.example.test/s/${codes[0].replace(/-/g, '')}`, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
    });
    expect(images[0]).toBe(expected);
    // Only hashes are stored.
    const stored = await t.dataSource.query<Array<{ token_hash: Buffer }>>(
      `SELECT t.token_hash FROM invitation_tokens t JOIN invitations i ON i.id = t.invitation_id
        WHERE i.cycle_id = $1 AND t.purpose = 'code'`,
      [f.cycleId],
    );
    expect(stored.map((s) => s.token_hash.toString('hex')).sort()).toEqual(
      codes.map((c) => hashToken(c).toString('hex')).sort(),
    );
    // Opening the page again shows no code.
    const again = await hr.agent.get(`/admin/cycles/${f.cycleId}/codes`).expect(200);
    expect(codesOnSheet(again.text)).toEqual([]);
    for (const code of codes) expect(again.text).not.toContain(code);
  });

  it('opens the survey at /s/<code> however the code is typed, and takes one response', async () => {
    const [code] = codesOnSheet((await print({ unitIds: [f.branchB] })).text);
    const plain = code.replace(/-/g, '');
    for (const typed of [code, plain, code.toLowerCase()]) {
      const page = await t.http().get(`/s/${encodeURIComponent(typed)}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('name="_survey"');
    }
    const sent = await t
      .http()
      .post(`/s/${plain.toLowerCase()}`)
      .type('form')
      .send({ _survey: BUILTIN.employee, ...answers });
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe('/s/thanks/employee');
    const unknown = await t.http().get('/s/ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    const used = await t.http().get(`/s/${plain}`);
    expect(used.status).toBe(404);
    expect(used.text).toBe(unknown.text);
  });

  it('names people by external id or email; their email link and their code are one invitation', async () => {
    const res = await print({ unitIds: [], people: `${f.withEmail.email.toUpperCase()}\n` });
    expect(namesOnSheet(res.text)).toEqual([f.withEmail.name]);
    const [code] = codesOnSheet(res.text);
    const [{ id: invitationId }] = await t.dataSource.query<Array<{ id: string }>>(
      `SELECT id FROM invitations WHERE employee_id = $1`,
      [f.people.get(f.withEmail.name)],
    );
    const link = await issueToken(t.dataSource, invitationId);
    expect((await submitOnKiosk(code, answers)).status).toBe(303);
    // The emailed link is now used too: one response per person.
    const viaLink = await t.http().get(`/s/${link}`);
    expect(viaLink.status).toBe(404);
    const second = await t
      .http()
      .post(`/s/${link}`)
      .type('form')
      .send({ _survey: BUILTIN.employee, ...answers });
    expect(second.status).toBe(404);
  });

  it('replaces a person’s code when printed again: the old one stops working', async () => {
    const [first] = codesOnSheet((await print({ unitIds: [], people: 'A1-k1' })).text);
    const [second] = codesOnSheet((await print({ unitIds: [], people: 'A1-k1' })).text);
    expect(second).not.toBe(first);
    const old = await enterCode(first);
    const unknown = await enterCode('0000-0000-0000-0000-0000');
    expect(old.status).toBe(404);
    expect(old.text).toBe(unknown.text);
    expect((await enterCode(second)).status).toBe(200);
    const [{ n }] = await t.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM invitation_tokens t JOIN invitations i ON i.id = t.invitation_id
        WHERE i.employee_id = $1 AND t.purpose = 'code'`,
      [f.people.get('Ana 1 k1')],
    );
    expect(n).toBe(1);
  });

  it('does not tell who answered: a sheet for everyone includes those who did', async () => {
    const res = await print({ unitIds: [f.branchA, f.branchB], who: 'everyone' });
    // Ben (with email) and Cy 1 (answered above) are on it like everyone else.
    expect(namesOnSheet(res.text)).toEqual([
      'Ana 1 k1',
      'Ana 2 k1',
      'Ana 3 k1',
      f.withEmail.name,
      'Cy 1 k1',
      'Cy 2 k1',
    ]);
  });

  it('serves the kiosk pages uncached, with their own script and no code in any address', async () => {
    const entry = await t.http().get('/kiosk').expect(200);
    expect(entry.headers['cache-control']).toBe('no-store');
    expect(entry.headers['content-security-policy']).toContain("script-src 'self'");
    expect(entry.text).toContain('<script src="/public/kiosk.js" defer></script>');
    expect(entry.text).toMatch(
      /<form method="post" action="\/kiosk" class="kiosk-form" autocomplete="off"/,
    );
    const [code] = codesOnSheet((await print({ unitIds: [], people: 'A2-k1' })).text);
    const survey = await enterCode(code);
    expect(survey.status).toBe(200);
    expect(survey.headers['cache-control']).toBe('no-store');
    expect(survey.text).toMatch(
      /<form method="post" class="survey-form" novalidate action="\/kiosk\/answers\?lang&#x3D;en" autocomplete="off"/,
    );
    expect(survey.text).toContain(`<input type="hidden" name="code" value="${code}">`);
    expect(survey.text).not.toMatch(/href="[^"]*(\/s\/|code=)/);
    // A form with a mistake comes back with what was typed (and still no-store).
    const { q_enps: _left, ...missing } = answers;
    void _left;
    const invalid = await submitOnKiosk(code, { ...missing, q_comment: 'Kept as typed' });
    expect(invalid.status).toBe(422);
    expect(invalid.headers['cache-control']).toBe('no-store');
    expect(invalid.text).toContain('Kept as typed');
    const done = await submitOnKiosk(code, answers);
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/kiosk/done');
    expect(done.headers['cache-control']).toBe('no-store');
    const thanks = await t.http().get('/kiosk/done').expect(200);
    expect(thanks.text).toContain('your answers are saved');
    expect(thanks.text).not.toContain(code);
    // Used: the same 404 as a code that never existed, at entry and when posting answers.
    const used = await enterCode(code);
    const unknown = await enterCode('0000-0000-0000-0000-0000');
    expect([used.status, unknown.status]).toEqual([404, 404]);
    expect(used.text).toBe(unknown.text);
    const again = await submitOnKiosk(code, answers);
    expect(again.status).toBe(404);
    expect(again.text).toBe(unknown.text);
  });

  it('shows the kiosk survey in the person’s language, without a switcher that would put the code in a URL', async () => {
    await t.dataSource.query(`UPDATE invitations SET language = 'de' WHERE employee_id = $1`, [
      f.people.get('Cy 2 k1'),
    ]);
    const [code] = codesOnSheet((await print({ unitIds: [], people: 'B2-k1' })).text);
    const survey = await enterCode(code);
    expect(survey.status).toBe(200);
    expect(survey.text).toContain('<html lang="de"');
    // Handlebars writes '=' in the attribute as an entity.
    expect(survey.text).toContain('action="/kiosk/answers?lang&#x3D;de"');
    expect(survey.text).not.toContain('hreflang');
  });

  it('refuses to print for a cycle that is not open, and re-shows a bad form with what was typed', async () => {
    const draft = await createCycle(t.dataSource, {
      status: 'draft',
      employeeSurveyId: BUILTIN.employee,
    });
    const closedRes = await print({ unitIds: [] }, draft);
    expect(closedRes.status).toBe(422);
    expect(closedRes.text).toContain('Codes can be printed only while the cycle is open');
    const nobody = await print({ unitIds: [], people: '' });
    expect(nobody.status).toBe(422);
    expect(nobody.text).toContain('Choose at least one unit');
    const unknown = await print({ unitIds: [f.branchA], people: 'A1-k1\nNOBODY-42' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain(
      'Not invited in this cycle; check each external id or email (NOBODY-42)',
    );
    expect(unknown.text).toContain('A1-k1\nNOBODY-42</textarea>');
    expect(unknown.text).toMatch(new RegExp(`value="${f.branchA}"[^>]*checked`));
    expect(codesOnSheet(unknown.text)).toEqual([]);
  });

  it('lets only admin and HR print codes', async () => {
    for (const role of ['executive', 'manager'] as const) {
      const other = await signedInAgent(t, role, role === 'manager' ? f.branchA : null);
      const res = await other.agent
        .post(`/admin/cycles/${f.cycleId}/codes`)
        .type('form')
        .send({ _csrf: other.csrf, unitIds: f.branchA });
      expect(res.status).toBe(403);
      expect(codesOnSheet(res.text)).toEqual([]);
      await other.agent.get(`/admin/cycles/${f.cycleId}/codes`).expect(403);
    }
    const anonymous = await t.http().get(`/admin/cycles/${f.cycleId}/codes`);
    expect(anonymous.status).toBe(303);
  });

  it('kills every code when the cycle closes, and stores one anonymous response per code used', async () => {
    const [code] = codesOnSheet((await print({ unitIds: [], people: 'A3-k1' })).text);
    expect((await enterCode(code)).status).toBe(200);
    await t.app.get(CycleLifecycleService).close(f.cycleId);
    const dead = await enterCode(code);
    const unknown = await enterCode('0000-0000-0000-0000-0000');
    expect(dead.status).toBe(404);
    expect(dead.text).toBe(unknown.text);
    expect((await t.http().get(`/s/${code}`)).status).toBe(404);
    expect((await submitOnKiosk(code, answers)).status).toBe(404);
    // Three codes were used above (Cy 1, Ben, Ana 2): three responses, none naming anyone.
    const stored = await storedEmployeeAnswers(t.app, t.dataSource, f.cycleId);
    expect(stored).toHaveLength(3);
    const columns = await t.dataSource.query<Array<{ column_name: string }>>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'employee_responses'`,
    );
    expect(columns.map((c) => c.column_name)).not.toEqual(
      expect.arrayContaining(['invitation_id']),
    );
    expect(columns.map((c) => c.column_name)).not.toEqual(expect.arrayContaining(['employee_id']));
  });
});
