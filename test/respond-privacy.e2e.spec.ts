import { CycleLifecycleService } from '../src/cycles/cycle-lifecycle.service';
import {
  createOpenCycle,
  createUnit,
  EMPLOYEE_QUESTIONS,
  inviteEmployee,
  Invited,
  validForm,
} from './support/respond-factories';
import { createTestApp, TestApp } from './support/test-app';

type Row = Record<string, unknown>;

/** Every value as text, so values of any column can be compared with any other. */
const asText = (value: unknown) =>
  value === null || value === undefined
    ? null
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

describe('Employee response privacy: nothing joins a response back to a person', () => {
  let t: TestApp;
  let cycleId: string;
  let unitId: string;
  const respondents: Invited[] = [];
  let nonRespondent: Invited;

  beforeAll(async () => {
    t = await createTestApp();
    unitId = await createUnit(t.dataSource, 'Harbour branch');
    ({ cycleId } = await createOpenCycle(t.dataSource));
    for (let i = 0; i < 7; i++)
      respondents.push(await inviteEmployee(t.dataSource, cycleId, unitId));
    nonRespondent = await inviteEmployee(t.dataSource, cycleId, unitId);
    for (const [i, person] of respondents.entries()) {
      const form = validForm(EMPLOYEE_QUESTIONS);
      form.q_enps = String(i + 3);
      await t
        .http()
        .post(`/s/${person.token}`)
        .set('X-Forwarded-For', `192.0.2.${i + 1}`)
        .type('form')
        .send(form)
        .expect(303);
    }
  });

  afterAll(async () => {
    await t.close();
  });

  it('gives employee_responses no column that names a person, an invitation or a time of day', async () => {
    const columns: Array<{ column_name: string; data_type: string }> = await t.dataSource.query(
      `SELECT column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'employee_responses' ORDER BY column_name`,
    );
    expect(columns).toEqual([
      { column_name: 'answers', data_type: 'jsonb' },
      { column_name: 'cycle_id', data_type: 'uuid' },
      { column_name: 'id', data_type: 'uuid' },
      // coarse: kept only where it forms no group under ANONYMITY_MIN (response-attributes.ts)
      { column_name: 'language', data_type: 'text' },
      { column_name: 'submitted_on', data_type: 'date' },
      { column_name: 'tenure_band', data_type: 'text' },
      { column_name: 'unit_id', data_type: 'uuid' },
    ]);
    for (const { column_name, data_type } of columns) {
      expect(column_name).not.toMatch(
        /employee|invitation|contact|account|person|email|name|token|user|ip|agent|session/,
      );
      expect(data_type).not.toMatch(/time|interval/);
    }
  });

  it('has no foreign key from employee_responses, none into it, and no trigger on it', async () => {
    const constraints = await t.dataSource.query(
      `SELECT conname FROM pg_constraint
        WHERE contype = 'f'
          AND (conrelid = 'employee_responses'::regclass OR confrelid = 'employee_responses'::regclass)`,
    );
    expect(constraints).toEqual([]);
    const triggers = await t.dataSource.query(
      `SELECT tgname FROM pg_trigger WHERE tgrelid = 'employee_responses'::regclass AND NOT tgisinternal`,
    );
    expect(triggers).toEqual([]);
  });

  it('changes nothing on the invitation but `responded` when someone answers', async () => {
    const person = await inviteEmployee(t.dataSource, cycleId, unitId);
    const snapshot = async () =>
      (
        await t.dataSource.query(`SELECT to_jsonb(i) AS row FROM invitations i WHERE id = $1`, [
          person.invitationId,
        ])
      )[0].row as Row;
    const before = await snapshot();
    await t
      .http()
      .post(`/s/${person.token}`)
      .set('X-Forwarded-For', '192.0.2.200')
      .type('form')
      .send({ ...validForm(EMPLOYEE_QUESTIONS), q_enps: '2' })
      .expect(303);
    const after = await snapshot();
    const changed = Object.keys(after).filter((k) => asText(after[k]) !== asText(before[k]));
    expect(changed).toEqual(['responded']);
  });

  it('keeps answers out of employee_responses while the cycle is open', async () => {
    const rows = await t.dataSource.query(`SELECT 1 FROM employee_responses WHERE cycle_id = $1`, [
      cycleId,
    ]);
    expect(rows).toEqual([]);
    const [{ sealed }] = await t.dataSource.query(
      `SELECT count(*)::int AS sealed FROM sealed_employee_answers WHERE cycle_id = $1`,
      [cycleId],
    );
    expect(sealed).toBe(8);
  });

  describe('once the cycle has closed', () => {
    beforeAll(async () => {
      await t.app.get(CycleLifecycleService).close(cycleId);
    });

    it('gives responses random (version 4) UUIDs, not sequential ones', async () => {
      const [column] = await t.dataSource.query(
        `SELECT column_default FROM information_schema.columns
          WHERE table_name = 'employee_responses' AND column_name = 'id'`,
      );
      expect(column.column_default).toBe('gen_random_uuid()');
      // ctid order is the physical order, i.e. the order the rows were written in.
      const rows: Array<{ id: string }> = await t.dataSource.query(
        `SELECT id FROM employee_responses WHERE cycle_id = $1 ORDER BY ctid`,
        [cycleId],
      );
      expect(rows.length).toBeGreaterThanOrEqual(7);
      for (const { id } of rows)
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const ids = rows.map((r) => r.id);
      expect([...ids].sort()).not.toEqual(ids);
    });

    it('cannot match the responses of a unit to its invitations or employees by any shared value', async () => {
      const load = async (sql: string): Promise<Row[]> =>
        (await t.dataSource.query(sql, [cycleId])).map((r: { row: Row }) => r.row);
      const responses = await load(
        `SELECT to_jsonb(r) AS row FROM employee_responses r WHERE cycle_id = $1`,
      );
      const invitations = await load(
        `SELECT to_jsonb(i) AS row FROM invitations i WHERE cycle_id = $1 AND audience = 'employee'`,
      );
      const employees = await load(
        `SELECT to_jsonb(e) AS row FROM employees e
          WHERE id IN (SELECT employee_id FROM invitations WHERE cycle_id = $1)`,
      );
      expect(responses.length).toBeGreaterThanOrEqual(7);

      // Which (response column, other column) pairs ever hold the same value?
      const sharedWith = (others: Row[]) => {
        const pairs = new Set<string>();
        for (const rc of Object.keys(responses[0]))
          for (const oc of Object.keys(others[0])) {
            const values = new Set<string | null>(others.map((o) => asText(o[oc])));
            values.delete(null);
            if (responses.some((r) => values.has(asText(r[rc])))) pairs.add(`${rc}=${oc}`);
          }
        return [...pairs].sort();
      };
      const withInvitations = sharedWith(invitations);
      expect(withInvitations).toEqual([
        'cycle_id=cycle_id',
        'tenure_band=tenure_band',
        'unit_id=unit_id',
      ]);
      expect(sharedWith(employees)).toEqual(['unit_id=unit_id']);

      // Joining on everything they share, each response matches every invitation of the group alike
      // (the non-respondent included), so no response can be told apart from another.
      const candidates = responses.map((r) =>
        invitations
          .filter((i) =>
            withInvitations.every((pair) => {
              const [rc, ic] = pair.split('=');
              return asText(r[rc]) === asText(i[ic]);
            }),
          )
          .map((i) => i.id as string)
          .sort(),
      );
      expect(new Set(candidates.map((c) => c.join())).size).toBe(1);
      expect(candidates[0]).toContain(nonRespondent.invitationId);
      expect(candidates[0].length).toBe(invitations.length);

      // Answers hold question keys only: nothing else rides along inside the JSON.
      const keys = new Set(EMPLOYEE_QUESTIONS.map((q) => q.key));
      for (const r of responses)
        for (const key of Object.keys(r.answers as object)) expect(keys.has(key)).toBe(true);
    });

    it('leaves no transaction id or write order linking responses to invitations once the cycle closes', async () => {
      const xminPairs = () =>
        t.dataSource.query(
          `SELECT r.id FROM employee_responses r
             JOIN invitations i ON i.xmin = r.xmin AND i.cycle_id = r.cycle_id
            WHERE r.cycle_id = $1`,
          [cycleId],
        );
      const writeOrder = async () =>
        (
          await t.dataSource.query(
            `SELECT (answers->>'enps')::int AS enps FROM employee_responses
              WHERE cycle_id = $1 ORDER BY ctid`,
            [cycleId],
          )
        ).map((r: { enps: number }) => r.enps);
      const submitted = [3, 4, 5, 6, 7, 8, 9, 2];
      // One transaction for all: each of the 8 responses pairs with each of the 8 used links.
      expect(await xminPairs()).toHaveLength(8 * 8);
      expect(await writeOrder()).not.toEqual(submitted);
      expect((await writeOrder()).sort()).toEqual([...submitted].sort());
      const xmins = async (sql: string) =>
        (await t.dataSource.query(sql, [cycleId])).map((r: { x: string }) => r.x);
      const responseXmins = await xmins(
        `SELECT DISTINCT xmin::text AS x FROM employee_responses WHERE cycle_id = $1`,
      );
      const invitationXmins = await xmins(
        `SELECT DISTINCT xmin::text AS x FROM invitations
          WHERE cycle_id = $1 AND audience = 'employee' AND responded`,
      );
      expect(responseXmins).toHaveLength(1);
      expect(invitationXmins).toEqual(responseXmins); // one transaction for all: nothing to tell apart
    });
  });
});
