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
    // Branches where fewer than K answered had their answers pooled into the region above.
    // A response's candidates: the used invitations of its unit with its band, and those of any
    // unit below it that has no response of its own (where pooled answers came from).
    const candidates: Array<{ n: number; top: boolean }> = await t.dataSource.query(
      `WITH answered_units AS (SELECT DISTINCT cycle_id, unit_id FROM employee_responses)
       SELECT count(i.id)::int AS n, ru.parent_id IS NULL AS top FROM employee_responses r
         JOIN units ru ON ru.id = r.unit_id
         JOIN invitations i ON i.cycle_id = r.cycle_id AND i.audience = 'employee' AND i.responded
                            AND (r.tenure_band IS NULL OR i.tenure_band = r.tenure_band)
         JOIN units iu ON iu.id = i.unit_id
        WHERE iu.id = ru.id
           OR (iu.path LIKE ru.path || '%' AND NOT EXISTS (
                SELECT 1 FROM answered_units a WHERE a.cycle_id = i.cycle_id AND a.unit_id = iu.id))
        GROUP BY r.id, ru.parent_id`,
    );
    const [{ total }] = await t.dataSource.query(
      `SELECT count(*)::int AS total FROM employee_responses`,
    );
    expect(candidates).toHaveLength(total);
    expect(total).toBeGreaterThan(500);
    const small = candidates.filter((c) => c.n < K);
    // The one exception: what pooled all the way to the company, if the small units of the whole
    // company together had fewer than K respondents (see poolSmallUnits). Never below the top.
    expect(small.every((c) => c.top)).toBe(true);
  });

  it('a join on unit and the day answered does no better', async () => {
    // Reminders sent tell roughly when someone answered; the day kept must not narrow it below K.
    const groups: Array<{ n: number; top: boolean }> = await t.dataSource.query(
      `SELECT count(*)::int AS n, u.parent_id IS NULL AS top FROM employee_responses r
         JOIN units u ON u.id = r.unit_id
        GROUP BY r.cycle_id, r.unit_id, u.parent_id, r.tenure_band, r.submitted_on`,
    );
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.filter((g) => g.n < K && !g.top)).toEqual([]);
  });

  it('keeps tenure band or day where groups are large enough, so the rule is not “drop everything”', async () => {
    const [{ kept }] = await t.dataSource.query(
      `SELECT count(*)::int AS kept FROM employee_responses WHERE tenure_band IS NOT NULL`,
    );
    expect(kept).toBeGreaterThan(0);
  });
});
