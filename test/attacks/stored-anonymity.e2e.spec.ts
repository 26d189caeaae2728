import { randomBytes } from 'node:crypto';
import { CycleLifecycleService } from '../../src/cycles/cycle-lifecycle.service';
import {
  createOpenCycle,
  createUnit,
  EMPLOYEE_QUESTIONS,
  inviteEmployee,
  Invited,
  validForm,
} from '../support/respond-factories';
import { createTestApp, TestApp } from '../support/test-app';

const K = 5;

/**
 * A database reader (SQL access, a backup, the WAL) knows who was invited and which invitations
 * were used. These are the joins that once paired a named employee with their answers: on the
 * transaction id, on the tenure band, on the order rows were written, and in the WAL.
 */
describe('Attacks on stored employee answers', () => {
  let t: TestApp;
  let cycleId: string;
  const marker = `zq${randomBytes(8).toString('hex')}`;
  const submittedOrder: string[] = [];
  let startedAt: Date;

  /**
   * Unit A: bands that would single people out; unit B: one band, exactly K respondents;
   * unit C, inside A: two respondents, a group anyone who knows who answered could read.
   * In unit B one person reads Spanish (their invitation says so) and answers in it.
   */
  const plan = [
    { unit: 'A', band: '<1y', invited: 7, answer: 6 },
    { unit: 'A', band: '1-3y', invited: 5, answer: 4 },
    { unit: 'A', band: '5y+', invited: 2, answer: 2 },
    { unit: 'B', band: '3-5y', invited: 6, answer: 5, spanish: 1 },
    { unit: 'C', band: '<1y', invited: 3, answer: 2 },
  ];
  const units: Record<string, string> = {};
  const RESPONSES = 19;

  const submit = (person: Invited, n: number, lang?: string) => {
    const comment = `${marker} comment ${n}`;
    submittedOrder.push(comment);
    return t
      .http()
      .post(`/s/${person.token}${lang ? `?lang=${lang}` : ''}`)
      .type('form')
      .send({ ...validForm(EMPLOYEE_QUESTIONS), q_enps: String(n % 11), q_comment: comment })
      .expect(303);
  };

  /** Every WAL segment written since the test began, as raw bytes. */
  const walSegments = async (): Promise<Buffer[]> => {
    await t.dataSource.query(`SELECT pg_switch_wal()`);
    const files: Array<{ name: string }> = await t.dataSource.query(
      `SELECT name FROM pg_ls_waldir() WHERE modification >= $1 ORDER BY name`,
      [new Date(startedAt.getTime() - 2_000)],
    );
    const out: Buffer[] = [];
    for (const { name } of files) {
      const [{ bytes }] = await t.dataSource.query(
        `SELECT pg_read_binary_file('pg_wal/' || $1) AS bytes`,
        [name],
      );
      out.push(bytes as Buffer);
    }
    return out;
  };

  /** Every row of every table (the job queue's included), as text, that holds the marker. */
  const rowsHoldingMarker = async (): Promise<string[]> => {
    const tables: Array<{ name: string }> = await t.dataSource.query(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
        WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE'`,
    );
    const found: string[] = [];
    for (const { name } of tables) {
      const rows = await t.dataSource.query(
        `SELECT 1 FROM ${name} x WHERE position($1 IN x::text) > 0 LIMIT 1`,
        [marker],
      );
      if (rows.length > 0) found.push(name);
    }
    return found;
  };

  beforeAll(async () => {
    startedAt = new Date();
    t = await createTestApp({ ANONYMITY_MIN: String(K) });
    units.A = await createUnit(t.dataSource, 'Unit A');
    units.B = await createUnit(t.dataSource, 'Unit B');
    units.C = await createUnit(t.dataSource, 'Unit C', units.A);
    ({ cycleId } = await createOpenCycle(t.dataSource));
    let n = 0;
    for (const group of plan)
      for (let i = 0; i < group.invited; i++) {
        const person = await inviteEmployee(t.dataSource, cycleId, units[group.unit], group.band);
        const spanish = i < (group.spanish ?? 0);
        if (spanish)
          await t.dataSource.query(`UPDATE invitations SET language = 'es' WHERE id = $1`, [
            person.invitationId,
          ]);
        if (i < group.answer) await submit(person, n++, spanish ? 'es' : undefined);
      }
  });

  afterAll(async () => {
    await t.close();
  });

  describe('while the cycle is open', () => {
    it('a transaction-id join pairs no readable answer with an invitation', async () => {
      const paired = await t.dataSource.query(
        `SELECT r.answers FROM employee_responses r
           JOIN invitations i ON i.xmin = r.xmin AND i.cycle_id = r.cycle_id
          WHERE i.cycle_id = $1`,
        [cycleId],
      );
      expect(paired).toEqual([]);
      // The rows that do share a transaction with an invitation hold nothing readable.
      const sealedPairs: Array<{ readable: boolean }> = await t.dataSource.query(
        `SELECT position(convert_to($2, 'UTF8') IN s.sealed) > 0 AS readable
           FROM sealed_employee_answers s JOIN invitations i ON i.xmin = s.xmin
          WHERE s.cycle_id = $1`,
        [cycleId, marker],
      );
      expect(sealedPairs.length).toBe(RESPONSES);
      expect(sealedPairs.every((p) => !p.readable)).toBe(true);
    });

    it('no table, the job queue included, holds an answer in readable form', async () => {
      expect(await rowsHoldingMarker()).toEqual([]);
    });

    it('no WAL segment holds an answer in readable form', async () => {
      const segments = await walSegments();
      expect(segments.length).toBeGreaterThan(0);
      for (const bytes of segments) expect(bytes.indexOf(marker)).toBe(-1);
    });
  });

  describe('once the cycle has closed', () => {
    beforeAll(async () => {
      await t.app.get(CycleLifecycleService).close(cycleId);
    });

    it('all answers are stored, and the WAL now holds them (the scan above can see answers)', async () => {
      expect(await rowsHoldingMarker()).toEqual(['public.employee_responses']);
      const segments = await walSegments();
      expect(segments.some((bytes) => bytes.indexOf(marker) >= 0)).toBe(true);
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM employee_responses WHERE cycle_id = $1`,
        [cycleId],
      );
      expect(n).toBe(RESPONSES);
      expect(
        await t.dataSource.query(`SELECT 1 FROM sealed_employee_answers WHERE cycle_id = $1`, [
          cycleId,
        ]),
      ).toEqual([]);
    });

    it('a transaction-id join matches each response with every used invitation alike', async () => {
      const groups: Array<{ n: number }> = await t.dataSource.query(
        `SELECT count(i.id)::int AS n FROM employee_responses r
           LEFT JOIN invitations i ON i.xmin = r.xmin AND i.cycle_id = r.cycle_id
          WHERE r.cycle_id = $1 GROUP BY r.id`,
        [cycleId],
      );
      expect(groups).toHaveLength(RESPONSES);
      for (const { n } of groups) expect(n === 0 || n === RESPONSES).toBe(true);
      const [{ xmins }] = await t.dataSource.query(
        `SELECT count(DISTINCT xmin::text)::int AS xmins FROM employee_responses WHERE cycle_id = $1`,
        [cycleId],
      );
      expect(xmins).toBe(1);
    });

    it('a join on unit and tenure band finds no group smaller than ANONYMITY_MIN', async () => {
      // The attack: match each response to the used invitations of its unit with its band.
      const candidates: Array<{ band: string | null; n: number }> = await t.dataSource.query(
        `SELECT r.tenure_band AS band, count(i.id)::int AS n FROM employee_responses r
           JOIN invitations i ON i.cycle_id = r.cycle_id AND i.unit_id = r.unit_id
                              AND i.audience = 'employee' AND i.responded
                              AND (r.tenure_band IS NULL OR i.tenure_band = r.tenure_band)
          WHERE r.cycle_id = $1 GROUP BY r.id, r.tenure_band`,
        [cycleId],
      );
      expect(candidates).toHaveLength(RESPONSES);
      for (const { n } of candidates) expect(n).toBeGreaterThanOrEqual(K);
      // Unit B's single band (5 people) is kept; unit A's small bands are dropped, not shown.
      const bands = candidates.map((c) => c.band);
      expect(bands.filter((b) => b === '3-5y')).toHaveLength(5);
      expect(bands.filter((b) => b === null)).toHaveLength(14);
    });

    it('a join on unit, band and the language answered in finds no group smaller than ANONYMITY_MIN', async () => {
      // The attack: the directory says who reads Spanish; match each response to the used
      // invitations of its unit with its band and its language.
      const candidates: Array<{ language: string | null; n: number }> = await t.dataSource.query(
        `SELECT r.language, count(i.id)::int AS n FROM employee_responses r
           JOIN invitations i ON i.cycle_id = r.cycle_id AND i.unit_id = r.unit_id
                              AND i.audience = 'employee' AND i.responded
                              AND (r.tenure_band IS NULL OR i.tenure_band = r.tenure_band)
                              AND (r.language IS NULL OR coalesce(i.language, 'en') = r.language)
          WHERE r.cycle_id = $1 GROUP BY r.id, r.language`,
        [cycleId],
      );
      expect(candidates).toHaveLength(RESPONSES);
      for (const { n } of candidates) expect(n).toBeGreaterThanOrEqual(K);
      // Unit B's one Spanish answer would stand alone: no answer of B keeps its language, so
      // the others' cannot single it out by elimination either.
      const languagesOfB: Array<{ language: string | null }> = await t.dataSource.query(
        `SELECT DISTINCT language FROM employee_responses WHERE cycle_id = $1 AND unit_id = $2`,
        [cycleId, units.B],
      );
      expect(languagesOfB).toEqual([{ language: null }]);
    });

    it('a join on the unit alone finds no group smaller than ANONYMITY_MIN', async () => {
      // Unit C's two answers were pooled into its parent A: C holds no response of its own.
      const perUnit: Array<{ unit_id: string; n: number }> = await t.dataSource.query(
        `SELECT unit_id, count(*)::int AS n FROM employee_responses WHERE cycle_id = $1
          GROUP BY unit_id`,
        [cycleId],
      );
      expect(new Map(perUnit.map((u) => [u.unit_id, u.n]))).toEqual(
        new Map([
          [units.A, 14],
          [units.B, 5],
        ]),
      );
    });

    it('the order rows lie in says nothing about the order answers came in', async () => {
      const stored: Array<{ comment: string }> = await t.dataSource.query(
        `SELECT answers->>'comment' AS comment FROM employee_responses WHERE cycle_id = $1 ORDER BY ctid`,
        [cycleId],
      );
      const order = stored.map((r) => r.comment);
      expect([...order].sort()).toEqual([...submittedOrder].sort());
      expect(order).not.toEqual(submittedOrder);
    });
  });
});
