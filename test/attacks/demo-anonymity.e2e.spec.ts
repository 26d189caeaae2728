import { DemoGeneratorService } from '../../src/demo/demo-generator.service';
import { createTestApp, TestApp } from '../support/test-app';

const K = 5;

/**
 * On the demo company, joining employee responses to used invitations on (cycle, unit, tenure
 * band) and keeping groups of one once tied about 3% of responses to a named employee.
 */
describe('Attacks on the demo company’s stored answers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ANONYMITY_MIN: String(K) });
    await t.app.get(DemoGeneratorService).generate({ seed: 7, branches: 24, employees: 420 });
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  it('a join on unit and tenure band leaves every response among at least ANONYMITY_MIN people', async () => {
    const candidates: Array<{ n: number }> = await t.dataSource.query(
      `SELECT count(i.id)::int AS n FROM employee_responses r
         JOIN invitations i ON i.cycle_id = r.cycle_id AND i.unit_id = r.unit_id
                            AND i.audience = 'employee' AND i.responded
                            AND (r.tenure_band IS NULL OR i.tenure_band = r.tenure_band)
        WHERE r.unit_id IN (SELECT unit_id FROM employee_responses r2 WHERE r2.cycle_id = r.cycle_id
                             GROUP BY unit_id HAVING count(*) >= $1)
        GROUP BY r.id`,
      [K],
    );
    expect(candidates.length).toBeGreaterThan(500);
    expect(Math.min(...candidates.map((c) => c.n))).toBeGreaterThanOrEqual(K);
  });

  it('a join on unit and the day answered does no better', async () => {
    // Reminders sent tell roughly when someone answered; the day kept must not narrow it below K.
    const groups: Array<{ n: number }> = await t.dataSource.query(
      `SELECT g.n FROM (SELECT cycle_id, unit_id, count(*)::int AS n FROM employee_responses
                         GROUP BY cycle_id, unit_id, tenure_band, submitted_on) g
         JOIN (SELECT cycle_id, unit_id FROM employee_responses
                GROUP BY cycle_id, unit_id HAVING count(*) >= $1) u USING (cycle_id, unit_id)`,
      [K],
    );
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.filter((g) => g.n < K)).toEqual([]);
  });

  it('keeps tenure band or day where groups are large enough, so the rule is not “drop everything”', async () => {
    const [{ kept }] = await t.dataSource.query(
      `SELECT count(*)::int AS kept FROM employee_responses WHERE tenure_band IS NOT NULL`,
    );
    expect(kept).toBeGreaterThan(0);
  });
});
