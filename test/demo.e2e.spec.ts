import { LinkageReport, LinkageService } from '../src/analytics/linkage.service';
import type { CurrentUser } from '../src/auth/current-user';
import { demoCommand } from '../src/cli/demo.command';
import { generateDemoCompany } from '../src/demo/demo-company';
import { DemoRunsService } from '../src/demo/demo-runs.service';
import type { AnswerQuestion } from '../src/demo/planted-model';
import { PLANTED } from '../src/demo/planted-model';
import {
  ImpliedCorrelations,
  impliedCorrelations,
  observedUnitWaves,
} from '../src/demo/planted-truth';
import { BUILTIN_SURVEY_IDS } from '../src/surveys/builtin-surveys';
import { createTestApp, TestApp } from './support/test-app';

const SEED = '42';
/**
 * Companies simulated to find the population value of the observed-scale correlations
 * (pooled over ~8,000 unit pairs, so within about ±0.01).
 *
 * How often these assertions hold for a random seed, measured over seeds 1000–1099 with the
 * same generator: the latest pair's 95% CI holds the implied value 93 times in 100 (as a 95%
 * interval should, so the implied value is the right target); the reverse path is weaker in
 * all three pairs 98 times; turnover → next NPS is negative in all three pairs 97 times.
 * Seed 42 is the demo's default.
 */
const REPLICATES = 30;

const admin: CurrentUser = {
  id: '00000000-0000-4000-8000-000000000000',
  email: 'admin@example.test',
  name: 'Admin',
  role: 'admin',
  mustChangePassword: false,
  scope: null,
  via: 'session',
};

function output() {
  let text = '';
  return { write: (chunk: string) => ((text += chunk), true), text: () => text };
}

describe('Demo company', () => {
  let t: TestApp;
  let asOf: string;
  let questions: { employee: AnswerQuestion[]; customer: AnswerQuestion[] };
  let report: LinkageReport;
  let implied: ImpliedCorrelations;
  const counts = async () =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*) FROM units)::int AS units,
                (SELECT count(*) FROM employees)::int AS employees,
                (SELECT count(*) FROM employees WHERE exit_date IS NULL OR exit_date > current_date)::int AS active,
                (SELECT count(*) FROM employees WHERE exit_date IS NOT NULL)::int AS leavers,
                (SELECT count(*) FROM customer_accounts
                  WHERE churn_date IS NULL OR churn_date > current_date)::int AS accounts,
                (SELECT count(*) FROM contacts c JOIN customer_accounts a ON a.id = c.account_id
                  WHERE a.churn_date IS NULL OR a.churn_date > current_date)::int AS contacts,
                (SELECT count(*) FROM cycles WHERE status = 'closed')::int AS cycles,
                (SELECT count(*) FROM employee_responses)::int AS "employeeResponses",
                (SELECT count(*) FROM customer_responses)::int AS "customerResponses",
                (SELECT count(DISTINCT cycle_id) FROM unit_cycle_stats)::int AS materialized`,
      )
    )[0];

  beforeAll(async () => {
    t = await createTestApp();
    asOf = new Date().toISOString().slice(0, 10);
    const rows: (AnswerQuestion & { surveyId: string })[] = await t.dataSource.query(
      `SELECT survey_id AS "surveyId", key, kind, dimension, options FROM questions
        WHERE survey_id = ANY($1::uuid[]) ORDER BY position`,
      [[BUILTIN_SURVEY_IDS.employeePulse, BUILTIN_SURVEY_IDS.customerRelationship]],
    );
    const of = (id: string) => rows.filter((q) => q.surveyId === id);
    questions = {
      employee: of(BUILTIN_SURVEY_IDS.employeePulse),
      customer: of(BUILTIN_SURVEY_IDS.customerRelationship),
    };
  });

  afterAll(async () => {
    await t.close();
  });

  it('loads from the CLI in under a minute: 120 units, ~2,500 employees, ~900 accounts, 4 closed cycles', async () => {
    const out = output();
    const started = Date.now();
    const code = await demoCommand.run(['--seed', SEED], t.app, out);
    const seconds = (Date.now() - started) / 1000;
    expect(code).toBe(0);
    expect(seconds).toBeLessThan(60);
    expect(out.text()).toMatch(/^Loaded the demo company \(seed 42, as of \d{4}-\d{2}-\d{2}\)/);
    const c = await counts();
    expect(c.units).toBe(120);
    expect(c.active).toBeGreaterThan(2350);
    expect(c.active).toBeLessThan(2650);
    expect(c.leavers).toBeGreaterThan(600);
    expect(c.accounts).toBeGreaterThan(800);
    expect(c.accounts).toBeLessThan(1000);
    expect(c.contacts).toBeGreaterThan(2700);
    expect(c.contacts).toBeLessThan(3300);
    expect(c.cycles).toBe(4);
    expect(c.materialized).toBe(4);
    console.log(`Demo company loaded by the CLI in ${seconds.toFixed(1)} s`, c);
  }, 120_000);

  it('refuses to load twice, says why, and changes nothing', async () => {
    const before = await counts();
    const out = output();
    expect(await demoCommand.run([], t.app, out)).toBe(1);
    expect(out.text()).toContain('can only be loaded into an empty Tandem');
    expect(out.text()).toContain('--reset');
    expect(await counts()).toEqual(before);
  });

  it('leaves a run that is no longer queued alone when its job comes again', async () => {
    const before = await counts();
    const [{ id }]: Array<{ id: string }> = await t.dataSource.query(
      `INSERT INTO demo_runs (status, seed, phase) VALUES ('done', '42', 'Done') RETURNING id`,
    );
    await t.app.get(DemoRunsService).execute(id);
    const [run] = await t.dataSource.query(
      `SELECT status, phase, message FROM demo_runs WHERE id = $1`,
      [id],
    );
    expect(run).toEqual({ status: 'done', phase: 'Done', message: null });
    expect(await counts()).toEqual(before);
    await t.dataSource.query(`DELETE FROM demo_runs WHERE id = $1`, [id]);
  });

  it('stores employee responses without identity, one per used invitation in each unit that reaches the anonymity threshold', async () => {
    const columns: { column_name: string }[] = await t.dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'employee_responses'`,
    );
    expect(columns.map((c) => c.column_name).sort()).toEqual(
      ['answers', 'cycle_id', 'id', 'language', 'submitted_on', 'tenure_band', 'unit_id'].sort(),
    );
    // Units where fewer than ANONYMITY_MIN answered had their answers pooled into the parent
    // unit (poolSmallUnits), so the counts agree unit by unit where the threshold is reached,
    // and cycle by cycle everywhere.
    const mismatches = await t.dataSource.query(
      `SELECT i.cycle_id, i.unit_id FROM invitations i
        WHERE i.audience = 'employee' AND i.responded
        GROUP BY i.cycle_id, i.unit_id
       HAVING count(*) >= $1
          AND count(*) <> (SELECT count(*) FROM employee_responses r
                            WHERE r.cycle_id = i.cycle_id AND r.unit_id = i.unit_id)`,
      [t.config.privacy.anonymityMin],
    );
    expect(mismatches).toEqual([]);
    const perCycle = await t.dataSource.query(
      `SELECT i.cycle_id FROM invitations i WHERE i.audience = 'employee' AND i.responded
        GROUP BY i.cycle_id
       HAVING count(*) <> (SELECT count(*) FROM employee_responses r WHERE r.cycle_id = i.cycle_id)`,
    );
    expect(perCycle).toEqual([]);
  });

  describe('recovering the planted model through the linkage analysis', () => {
    const engagementKeys = () =>
      questions.employee
        .filter((q) => q.kind === 'likert5' && q.dimension === 'engagement')
        .map((q) => q.key);
    const lags = (measure: string) => {
      if (report.analysis.crossLagged.status !== 'ok') throw new Error('no cross-lag analysis');
      return report.analysis.crossLagged.comparisons
        .filter((c) => c.employeeMeasure === measure)
        .map((c) => {
          if (c.result.status !== 'ok') throw new Error(c.result.reason);
          return c.result;
        });
    };

    beforeAll(async () => {
      report = await t.app.get(LinkageService).forRange(admin, undefined, undefined, {
        employeeMetric: 'engagement',
        customerMetric: 'nps',
      });
      implied = impliedCorrelations(
        {
          asOf,
          questions,
          surveyIds: {
            employee: BUILTIN_SURVEY_IDS.employeePulse,
            customer: BUILTIN_SURVEY_IDS.customerRelationship,
          },
        },
        REPLICATES,
        { engagement: engagementKeys(), nps: 'nps' },
      );
      console.log(
        `Planted latent β = ${PLANTED.laggedEffect}; implied on the observed scale (engagement index → next quarter's NPS, ${implied.n} unit pairs over ${REPLICATES} simulated companies):`,
        implied,
      );
    }, 300_000);

    it('reports the same unit figures the generator produced', () => {
      const company = generateDemoCompany({
        seed: SEED,
        asOf,
        questions,
        surveyIds: {
          employee: BUILTIN_SURVEY_IDS.employeePulse,
          customer: BUILTIN_SURVEY_IDS.customerRelationship,
        },
      });
      const waves = observedUnitWaves(company, engagementKeys(), 'nps');
      const latest = new Map(waves[waves.length - 1].map((w) => [w.unitId, w]));
      const points = report.units.filter((u) => u.included);
      expect(points.length).toBeGreaterThan(90);
      for (const point of points) {
        const expected = latest.get(point.unitId)!;
        expect(point.customer.metrics.nps).toBeCloseTo(expected.nps!, 9);
        if (!point.employee.hidden)
          expect(point.employee.metrics.engagement).toBeCloseTo(expected.engagement!, 9);
        expect(point.turnoverRate).toBeCloseTo(expected.turnoverRate!, 9);
      }
    });

    it("finds engagement leading next quarter's NPS, its 95% CI holding the planted value", () => {
      const comparisons = lags('engagement');
      expect(comparisons).toHaveLength(3);
      const latest = comparisons[comparisons.length - 1];
      console.log(
        'r(E_t, C_t+1) per consecutive pair:',
        comparisons.map((c) => ({
          n: c.n,
          r: +c.employeeLeads.r.toFixed(3),
          ci: [+c.employeeLeads.ci.lower.toFixed(3), +c.employeeLeads.ci.upper.toFixed(3)],
          reverse: +c.customerLeads.r.toFixed(3),
          steigerP: +c.steiger.p.toFixed(4),
        })),
      );
      // Sampling noise attenuates the latent β; the CI is about the observed-scale value.
      expect(implied.employeeLeads).toBeLessThan(PLANTED.laggedEffect);
      expect(implied.employeeLeads).toBeGreaterThan(0.25);
      expect(latest.n).toBeGreaterThan(80);
      expect(latest.employeeLeads.ci.lower).toBeLessThanOrEqual(implied.employeeLeads);
      expect(latest.employeeLeads.ci.upper).toBeGreaterThanOrEqual(implied.employeeLeads);
      for (const c of comparisons) expect(c.employeeLeads.ci.lower).toBeGreaterThan(0);
    });

    it("finds engagement leading next quarter's NPS within units, the planted value inside the lagged CI", () => {
      const lag = report.analysis.panel.lagged;
      if (lag.status !== 'ok') throw new Error(lag.reason);
      const planted = implied.withinLagged!;
      console.log('Within-unit lagged paths (standardized):', {
        planted,
        forward: lag.forward.std,
        forwardCi: lag.forward.ci,
        reverse: lag.reverse.std,
        difference: lag.difference,
        direction: lag.direction,
      });
      // The planted model's value for the report's estimator (attenuation and the short-panel
      // bias included), from the same generator on other seeds.
      expect(planted.forward).toBeGreaterThan(0);
      expect(planted.forward).toBeLessThan(PLANTED.laggedEffect);
      expect(lag.cycles).toBe(4);
      const ci = lag.forward.ci!;
      expect(ci[0]).toBeLessThanOrEqual(planted.forward);
      expect(ci[1]).toBeGreaterThanOrEqual(planted.forward);
      expect(lag.direction).toBe('employee-first');
      expect(lag.difference.ci![0]).toBeGreaterThan(0);
    });

    it('finds the reverse path, NPS now → engagement next quarter, weaker in every pair', () => {
      expect(implied.customerLeads).toBeLessThan(implied.employeeLeads);
      for (const c of lags('engagement')) expect(c.customerLeads.r).toBeLessThan(c.employeeLeads.r);
      expect(lags('engagement').at(-1)!.direction).toBe('employee-first');
    });

    it('gives turnover the planted sign: more leavers, lower NPS the next quarter', () => {
      expect(implied.turnoverLeads).toBeLessThan(0);
      const comparisons = lags('turnoverRate');
      expect(comparisons).toHaveLength(3);
      for (const c of comparisons) expect(c.employeeLeads.r).toBeLessThan(0);
    });
  });
  it('replaces the demo with --reset and deletes it with --remove, never touching other data', async () => {
    expect(await demoCommand.run(['--seed'], t.app, output())).toBe(2);
    expect(await demoCommand.run(['--bogus'], t.app, output())).toBe(2);

    const reset = output();
    expect(await demoCommand.run(['--reset', '--seed', '7'], t.app, reset)).toBe(0);
    expect(reset.text()).toContain('(seed 7, as of');
    expect((await counts()).units).toBe(120);

    await t.dataSource.query(
      `INSERT INTO units (external_id, name, path) VALUES ('HQ', 'Head office', '/hq/')`,
    );
    for (const args of [['--reset'], ['--remove']]) {
      const refused = output();
      expect(await demoCommand.run(args, t.app, refused)).toBe(1);
      expect(refused.text()).toContain('some of the data here is not from the demo');
    }
    expect((await counts()).units).toBe(121);
    await t.dataSource.query(`DELETE FROM units WHERE external_id = 'HQ'`);

    const removed = output();
    expect(await demoCommand.run(['--remove'], t.app, removed)).toBe(0);
    expect(removed.text()).toBe('Removed the demo company.\n');
    const empty = await counts();
    expect([empty.units, empty.employees, empty.accounts, empty.cycles]).toEqual([0, 0, 0, 0]);
    expect([empty.employeeResponses, empty.customerResponses, empty.materialized]).toEqual([
      0, 0, 0,
    ]);
  }, 120_000);
});
