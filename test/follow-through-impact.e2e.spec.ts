import { IMPACT_UNITS as UNITS, person, seedImpactOrg as seed } from './follow-through.fixtures';
import { createTestApp, TestApp } from './support/test-app';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Index of a unit whose every engagement item is `score`; NPS when every customer says `nps`. */
const index = (score: number) => ((score - 1) / 4) * 100;
const npsOf = (answer: number) => (answer >= 9 ? 100 : answer <= 6 ? -100 : 0);

describe('Does following through matter? (comparison over real cycles)', () => {
  let t: TestApp;
  let data: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    t = await createTestApp({ ANONYMITY_MIN: '5', MIN_CUSTOMER_RESPONSES: '5' });
    data = await seed(t.dataSource);
  });

  afterAll(async () => {
    await t.close();
  });

  it('compares the change to the next cycle of units that resolved follow-ups on time with the others', async () => {
    const exec = await person(t, 'executive');
    const res = await t
      .http()
      .get(`/api/v1/follow-through/impact?from=${data.labels[0]}&to=${data.labels[1]}`)
      .set(exec.bearer)
      .expect(200);
    expect(res.body.pairs).toHaveLength(1);
    const followUps = res.body.comparisons.find((c: { key: string }) => c.key === 'followUps');
    expect([followUps.followed, followUps.others]).toEqual([3, 3]);

    const change = (onTime: boolean, f: (u: (typeof UNITS)[number]) => number) =>
      mean(UNITS.filter((u) => u.onTime === onTime).map(f));
    const engagement = followUps.outcomes.find(
      (o: { key: string }) => o.key === 'engagement',
    ).result;
    const expectedEngagement =
      change(true, (u) => index(u.after) - index(u.before)) -
      change(false, (u) => index(u.after) - index(u.before));
    expect(engagement.status).toBe('ok');
    expect(engagement.difference).toBeCloseTo(expectedEngagement, 9);
    expect(engagement.exploratory).toBe(true);
    expect([engagement.nA, engagement.nB]).toEqual([3, 3]);

    const nps = followUps.outcomes.find((o: { key: string }) => o.key === 'nps').result;
    const expectedNps =
      change(true, (u) => npsOf(u.npsAfter) - npsOf(u.npsBefore)) -
      change(false, (u) => npsOf(u.npsAfter) - npsOf(u.npsBefore));
    expect(nps.difference).toBeCloseTo(expectedNps, 9);
    // CSAT did not move anywhere: no spread, so no interval
    const csat = followUps.outcomes.find((o: { key: string }) => o.key === 'csat').result;
    expect(csat.status).toBe('insufficient');
  });

  it('leaves out employee changes of a unit that falls below the anonymity threshold', async () => {
    await t.dataSource.query(
      `DELETE FROM employee_responses WHERE id IN (
         SELECT id FROM employee_responses WHERE unit_id = $1 AND cycle_id = $2 LIMIT 3)`,
      [data.units.A, data.second],
    );
    const hr = await person(t, 'hr');
    const res = await t
      .http()
      .get(`/api/v1/follow-through/impact?cycle=${data.labels[1]}`)
      .set(hr.bearer)
      .expect(200);
    const followUps = res.body.comparisons.find((c: { key: string }) => c.key === 'followUps');
    const engagement = followUps.outcomes.find(
      (o: { key: string }) => o.key === 'engagement',
    ).result;
    // A (3 responses) is hidden, and so is D, the smallest sibling that would give it away
    expect([engagement.nA, engagement.nB]).toEqual([2, 2]);
    const nps = followUps.outcomes.find((o: { key: string }) => o.key === 'nps').result;
    expect([nps.nA, nps.nB]).toEqual([3, 3]);
  });

  it('shows the comparison on its page, labelled exploratory, for a manager limited to their units', async () => {
    const manager = await person(t, 'manager', data.units.B);
    const page = await manager.agent
      .get(`/follow-through/impact?from=${data.labels[0]}&to=${data.labels[1]}`)
      .expect(200);
    expect(page.text).toContain('Does following through matter?');
    // one unit in scope (it resolved on time): nobody to compare it with
    expect(page.text).toContain('Every unit followed through, so there is no other group');
    expect(page.text).not.toContain('Customer NPS moved');
    const hr = await person(t, 'hr');
    const all = await hr.agent
      .get(`/follow-through/impact?from=${data.labels[0]}&to=${data.labels[1]}`)
      .expect(200);
    expect(all.text).toContain('Exploratory: too few units to be sure');
    expect(all.text).toMatch(
      /Customer NPS moved \d+\.\d points (more|less) in units that resolved/,
    );
  });
});
