import { CycleLifecycleService } from '../../src/cycles/cycle-lifecycle.service';
import { formatCode, generateCode } from '../../src/delivery/tokens';
import { BUILTIN } from '../support/delivery-fixtures';
import {
  codesOnSheet,
  FrontlineCycle,
  launchFrontlineCycle,
  validAnswers,
} from '../support/printed-code-fixtures';
import { createTestApp, signedInAgent, TestApp } from '../support/test-app';

/**
 * Printed codes are shorter than emailed tokens so that people can type them, which invites
 * guessing them at the kiosk, telling a used or dead code from one that never existed, and
 * answering twice with one card.
 */
describe('Attacks on printed codes', () => {
  let t: TestApp;
  let f: FrontlineCycle;
  let hr: Awaited<ReturnType<typeof signedInAgent>>;
  let answers: Record<string, string>;
  let ips = 0;
  const ip = () => `198.51.100.${++ips}`;

  beforeAll(async () => {
    t = await createTestApp();
    hr = await signedInAgent(t, 'hr');
    f = await launchFrontlineCycle(t, 'x1');
    answers = await validAnswers(t.dataSource, BUILTIN.employee);
  });

  afterAll(async () => {
    await t?.close();
  });

  const printFor = async (people: string): Promise<string[]> => {
    const res = await hr.agent
      .post(`/admin/cycles/${f.cycleId}/codes`)
      .type('form')
      .send({ _csrf: hr.csrf, people });
    expect(res.status).toBe(200);
    return codesOnSheet(res.text);
  };
  const enter = (code: string, from = ip()) =>
    t.http().post('/kiosk').set('X-Forwarded-For', from).type('form').send({ code });
  const submit = (code: string, from = ip()) =>
    t
      .http()
      .post('/kiosk/answers')
      .set('X-Forwarded-For', from)
      .type('form')
      .send({ _survey: BUILTIN.employee, code, ...answers });
  const sealedCount = async () =>
    (
      await t.dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM sealed_employee_answers WHERE cycle_id = $1`,
        [f.cycleId],
      )
    )[0].n;

  it('lets one address try 20 codes a minute at the kiosk, every wrong one answered alike', async () => {
    const from = ip();
    const [real] = await printFor('B1-x1');
    const guesses = await Promise.all(
      Array.from({ length: 20 }, () => enter(formatCode(generateCode()), from)),
    );
    expect(guesses.map((g) => g.status)).toEqual(Array(20).fill(404));
    expect(new Set(guesses.map((g) => g.text)).size).toBe(1);
    // Over the limit even the real code is refused: the refusal tells nothing about the code.
    const over = await enter(real, from);
    expect(over.status).toBe(429);
    expect(over.text).not.toContain('name="_survey"');
    expect((await enter(real)).status).toBe(200);
  });

  it('answers unknown, malformed, used, replaced and closed-cycle codes with one identical 404', async () => {
    const [used, replaced] = await printFor('A1-x1\nA2-x1');
    expect((await submit(used)).status).toBe(303);
    await printFor('A2-x1');
    const never = formatCode(generateCode());
    const kiosk = await Promise.all([never, 'not a code', used, replaced].map((c) => enter(c)));
    expect(kiosk.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect(new Set(kiosk.map((r) => r.text)).size).toBe(1);
    const links = await Promise.all(
      [never, 'not-a-code', used, replaced].map((c) =>
        t
          .http()
          .get(`/s/${encodeURIComponent(c)}`)
          .set('X-Forwarded-For', ip()),
      ),
    );
    expect(links.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect(new Set(links.map((r) => r.text)).size).toBe(1);
    // A code is not an unsubscribe link either.
    const unsubscribe = await t.http().get(`/u/${used}`).set('X-Forwarded-For', ip());
    const unknownUnsubscribe = await t.http().get(`/u/${never}`).set('X-Forwarded-For', ip());
    expect(unsubscribe.status).toBe(unknownUnsubscribe.status);
    expect(unsubscribe.text).toBe(unknownUnsubscribe.text);
  });

  it('stores one response for a card sent five times at once, and none after', async () => {
    const [code] = await printFor('A3-x1');
    const before = await sealedCount();
    const tries = await Promise.all(Array.from({ length: 5 }, () => submit(code)));
    expect(tries.map((r) => r.status).sort()).toEqual([303, 404, 404, 404, 404]);
    expect(await sealedCount()).toBe(before + 1);
    expect((await submit(formatCode(code.replace(/-/g, '').toLowerCase()))).status).toBe(404);
    expect(
      (
        await t
          .http()
          .post(`/s/${code}`)
          .set('X-Forwarded-For', ip())
          .type('form')
          .send({ _survey: BUILTIN.employee, ...answers })
      ).status,
    ).toBe(404);
    expect(await sealedCount()).toBe(before + 1);
  });

  it('keeps no readable code anywhere in the database', async () => {
    const codes = await printFor('B2-x1');
    const plain = codes.map((c) => c.replace(/-/g, ''));
    const tables = await t.dataSource.query<Array<{ name: string }>>(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name
         FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'`,
    );
    for (const { name } of tables) {
      const [{ n }] = await t.dataSource.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM ${name} x
          WHERE upper(x::text) LIKE ANY($1::text[]) OR upper(x::text) LIKE ANY($2::text[])`,
        [codes.map((c) => `%${c}%`), plain.map((c) => `%${c}%`)],
      );
      expect([name, n]).toEqual([name, 0]);
    }
  });

  it('kills a printed code with its cycle', async () => {
    const [code] = await printFor('B2-x1');
    expect((await enter(code)).status).toBe(200);
    await t.app.get(CycleLifecycleService).close(f.cycleId);
    const dead = await enter(code);
    const never = await enter(formatCode(generateCode()));
    expect(dead.status).toBe(404);
    expect(dead.text).toBe(never.text);
    expect((await submit(code)).status).toBe(404);
  });
});
