import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { findCommand } from '../src/cli/main';
import { createTestApp, createUser, TestApp } from './support/test-app';

/**
 * Issue #15.2, "past waves onto any instrument": a past wave of a six-item engagement instrument
 * (test/fixtures/analytics-import/six-item-waves.csv, one row per response, the other tool's
 * column names) imported through POST /api/v1/imports/responses onto the company's own survey
 * with those six items. The engagement index and r_wg(j) the API reports per unit must equal the
 * values R computed from the same file (six-item-reference.json, from
 * generate_six_item_waves.R) to within TOLERANCE: both sides are a few sums of small integers,
 * so the only difference left is floating-point rounding (~1e-13 on a 0–100 scale).
 */
const TOLERANCE = 1e-9;
const FIXTURES = join(__dirname, 'fixtures', 'analytics-import');
const WAVES_CSV = readFileSync(join(FIXTURES, 'six-item-waves.csv'));

interface ReferenceUnit {
  externalId: string;
  employeeResponses: number;
  engagementIndex: number;
  rwgJ: number;
}
const REFERENCE = JSON.parse(readFileSync(join(FIXTURES, 'six-item-reference.json'), 'utf8')) as {
  cycle: string;
  items: string[];
  units: ReferenceUnit[];
  companyEngagementIndex: number;
  engagementIcc: { units: number; icc1: number; icc2: number };
};

const ITEMS = [
  ['proud', 'I am proud to work for this company.'],
  ['recommend_employer', 'I would recommend this company as a place to work.'],
  ['energised', 'At work, I feel full of energy.'],
  ['absorbed', 'Time flies when I am working.'],
  ['intend_to_stay', 'I see myself working here in two years.'],
  ['extra_effort', 'I go beyond what is expected of me to help us succeed.'],
] as const;

/** The columns the file's names do not match by themselves. */
const MAPPING = {
  employee: { 'Q5 stay': 'intend_to_stay', 'Q6 effort': 'extra_effort', 'Site code': null },
};

describe("Past waves onto the company's own instrument (API)", () => {
  let t: TestApp;
  let auth: { Authorization: string };
  let surveyId: string;
  const unitIds = new Map<string, string>();

  const api = () => t.http();
  const post = (csv: Buffer, fields: Record<string, string>, query = '') => {
    const request = api().post(`/api/v1/imports/responses${query}`).set(auth);
    for (const [name, value] of Object.entries(fields)) void request.field(name, value);
    return request.attach('file', csv, 'six-item-waves.csv');
  };
  const counts = async () => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM cycles)::int AS cycles,
              (SELECT count(*) FROM employee_responses)::int AS employee,
              (SELECT count(*) FROM customer_responses)::int AS customer`,
    );
    return row as { cycles: number; employee: number; customer: number };
  };

  beforeAll(async () => {
    t = await createTestApp();
    const hr = await createUser(t, 'hr');
    const { key } = await t.app.get(ApiKeysService).create(hr.id, 'Past waves');
    auth = { Authorization: `Bearer ${key}` };
    for (const unit of REFERENCE.units) {
      const { body } = await api()
        .post('/api/v1/units')
        .set(auth)
        .send({ name: `Branch ${unit.externalId}`, externalId: unit.externalId })
        .expect(201);
      unitIds.set(unit.externalId, body.id);
    }
    const survey = await api()
      .post('/api/v1/surveys')
      .set(auth)
      .send({
        name: 'Our engagement pulse (2019–2023)',
        audience: 'employee',
        questions: [
          ...ITEMS.map(([key, text]) => ({
            key,
            kind: 'likert5',
            text,
            dimension: 'engagement',
            required: true,
          })),
          { key: 'comment', kind: 'text', text: 'Anything else you want to tell us?' },
        ],
      })
      .expect(201);
    surveyId = survey.body.id;
  });

  afterAll(async () => {
    await t.close();
  });

  it('previews the mapping on a dry run: items with their dimensions, sources and samples, nothing written', async () => {
    const before = await counts();
    const res = await post(
      WAVES_CSV,
      { employeeSurveyId: surveyId, mapping: JSON.stringify(MAPPING) },
      '?dryRun=true',
    ).expect(200);
    expect(res.body).toMatchObject({
      imported: false,
      dryRun: true,
      format: 'wide',
      rows: 86,
      errorCount: 0,
      employeeResponses: 44,
      customerResponses: 42,
      cycles: [{ id: null, label: '2023-H2', created: true, employeeResponses: 44 }],
    });
    const employee = res.body.mapping.employee;
    expect(employee.survey).toEqual({ id: surveyId, name: 'Our engagement pulse (2019–2023)' });
    expect(
      employee.items.map(
        (i: { key: string; dimension: string; source: string; status: string }) => [
          i.key,
          i.dimension,
          i.source,
          i.status,
        ],
      ),
    ).toEqual([
      ['proud', 'engagement', 'proud', 'matched'],
      ['recommend_employer', 'engagement', 'recommend_employer', 'matched'],
      ['energised', 'engagement', 'energised', 'matched'],
      ['absorbed', 'engagement', 'absorbed', 'matched'],
      ['intend_to_stay', 'engagement', 'q5_stay', 'mapped'],
      ['extra_effort', 'engagement', 'q6_effort', 'mapped'],
      ['comment', null, null, 'not-asked'],
    ]);
    for (const item of employee.items.slice(0, 6)) {
      expect(item.answers).toBe(44);
      expect(item.samples.length).toBeGreaterThan(1);
      for (const sample of item.samples) expect(['1', '2', '3', '4', '5']).toContain(sample);
    }
    expect(employee.sources).toContainEqual(
      expect.objectContaining({ source: 'site_code', item: null, status: 'ignored' }),
    );
    expect(res.body.mapping.customer.sources.map((s: { source: string }) => s.source)).toEqual([
      'nps',
      'csat',
    ]);
    expect(await counts()).toEqual(before);
  });

  it('answers 422 with every unmapped column and required item, and writes nothing', async () => {
    const before = await counts();
    const res = await post(WAVES_CSV, { employeeSurveyId: surveyId }).expect(422);
    expect(res.body.code).toBe('IMPORT_INVALID');
    const errors = res.body.details.result.errors as {
      line: number;
      column: string;
      message: string;
    }[];
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [0, ''],
      [0, ''],
      [1, 'q5_stay'],
      [1, 'q6_effort'],
      [1, 'site_code'],
    ]);
    expect(errors[0].message).toMatch(/^Required item "intend_to_stay"/);
    expect(errors[2].message).toMatch(/matches no item of the employee survey/);
    expect(await counts()).toEqual(before);
  });

  it('reports an out-of-range value by line and column, and writes nothing', async () => {
    const before = await counts();
    const lines = WAVES_CSV.toString('utf8').split('\n');
    lines[4] = lines[4].replace(/^((?:[^,]*,){7})[^,]*/, '$17');
    const res = await post(Buffer.from(lines.join('\n')), {
      employeeSurveyId: surveyId,
      mapping: JSON.stringify(MAPPING),
    }).expect(422);
    expect(res.body.details.result.errors).toEqual([
      {
        line: 5,
        column: 'recommend_employer',
        message: '"recommend_employer" takes a whole number from 1 to 5.',
        value: '7',
      },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('imports the six items as six engagement items; index and r_wg(j) per unit match R', async () => {
    const res = await post(WAVES_CSV, {
      employeeSurveyId: surveyId,
      mapping: JSON.stringify(MAPPING),
    }).expect(200);
    expect(res.body).toMatchObject({
      imported: true,
      employeeResponses: 44,
      customerResponses: 42,
    });
    const [cycle] = await t.dataSource.query(
      `SELECT c.status, c.imported, c.employee_survey_id, s.locked_at IS NOT NULL AS locked
         FROM cycles c JOIN surveys s ON s.id = c.employee_survey_id WHERE c.period_label = '2023-H2'`,
    );
    expect(cycle).toEqual({
      status: 'closed',
      imported: true,
      employee_survey_id: surveyId,
      locked: true,
    });
    const [stored] = await t.dataSource.query(
      `SELECT answers FROM employee_responses ORDER BY answers::text LIMIT 1`,
    );
    expect(Object.keys(stored.answers).sort()).toEqual([...REFERENCE.items].sort());

    const results = await api()
      .get(`/api/v1/cycles/${REFERENCE.cycle}/unit-results`)
      .set(auth)
      .expect(200);
    const linkage = await api()
      .get(`/api/v1/cycles/${REFERENCE.cycle}/linkage`)
      .set(auth)
      .expect(200);
    const aggregation = linkage.body.analysis.aggregation;
    expect(aggregation.rwg.status).toBe('ok');
    expect(linkage.body.analysis.agreement).toMatchObject({
      status: 'ok',
      metric: 'engagement',
      items: REFERENCE.items,
    });
    expect(
      Math.abs(
        results.body.total.employee.metrics.engagement.value - REFERENCE.companyEngagementIndex,
      ),
    ).toBeLessThan(TOLERANCE);

    const stats = await t.dataSource.query(
      `SELECT s.unit_id, s.n, s.sum FROM unit_cycle_stats s JOIN cycles c ON c.id = s.cycle_id
        WHERE c.period_label = $1 AND s.audience = 'employee' AND s.metric = 'dim:engagement'`,
      [REFERENCE.cycle],
    );
    const hidden: string[] = [];
    for (const unit of REFERENCE.units) {
      const id = unitIds.get(unit.externalId)!;
      // What the import stored for every unit, small ones too: the mean of the respondents'
      // means over the six items.
      const stored = stats.find((s: { unit_id: string }) => s.unit_id === id);
      expect(stored.n).toBe(unit.employeeResponses);
      expect(Math.abs(((stored.sum / stored.n - 1) / 4) * 100 - unit.engagementIndex)).toBeLessThan(
        TOLERANCE,
      );

      // What the API shows: hidden below ANONYMITY_MIN, and a sibling hidden with it so the
      // small unit cannot be worked out from the company total.
      const row = results.body.units.find((u: { unitId: string }) => u.unitId === id);
      const rwg = aggregation.rwg.units.find((u: { unitId: string }) => u.unitId === id);
      if (row.employee.hidden) {
        hidden.push(`${unit.externalId}:${row.employee.code}`);
        expect(row.employee.metrics).toBeUndefined();
      } else {
        expect(row.employee.metrics.engagement.n).toBe(unit.employeeResponses);
        expect(Math.abs(row.employee.metrics.engagement.value - unit.engagementIndex)).toBeLessThan(
          TOLERANCE,
        );
      }
      if (unit.employeeResponses < 5) {
        expect(rwg).toBeUndefined();
        continue;
      }
      expect(rwg.result).toMatchObject({ status: 'ok', items: 6, truncated: unit.rwgJ === 0 });
      expect(Math.abs(rwg.result.rwgJ - unit.rwgJ)).toBeLessThan(TOLERANCE);
    }
    expect(hidden).toEqual(['SIX-04:complementary', 'SIX-07:below-threshold']);
    const icc = aggregation.icc.find((x: { metric: string }) => x.metric === 'engagement').result;
    expect(icc.groups).toBe(REFERENCE.engagementIcc.units);
    expect(Math.abs(icc.icc1 - REFERENCE.engagementIcc.icc1)).toBeLessThan(TOLERANCE);
    expect(Math.abs(icc.icc2 - REFERENCE.engagementIcc.icc2)).toBeLessThan(TOLERANCE);
  });

  it('takes the same responses as JSON, with the same preview', async () => {
    const [header, ...lines] = WAVES_CSV.toString('utf8').trim().split('\n');
    const columns = header.split(',');
    const responses = lines.map((line) => {
      const cells = line.split(',');
      const cell = (name: string) => cells[columns.indexOf(name)];
      return {
        cycleLabel: '2022-H2',
        periodStart: '2022-07-01',
        periodEnd: '2022-12-31',
        respondentType: cell('respondent_type'),
        unitExternalId: cell('unit_external_id'),
        answers: Object.fromEntries(columns.slice(6).map((name) => [name, cell(name)])),
      };
    });
    const res = await api()
      .post('/api/v1/imports/responses?dryRun=true')
      .set(auth)
      .send({
        employeeSurveyId: surveyId,
        mapping: MAPPING,
        responses,
      })
      .expect(200);
    expect(res.body).toMatchObject({
      format: 'json',
      rows: 86,
      errorCount: 0,
      employeeResponses: 44,
      customerResponses: 42,
    });
    expect(res.body.mapping.employee.items.map((i: { source: string | null }) => i.source)).toEqual(
      ['Proud', 'Recommend employer', 'Energised', 'Absorbed', 'Q5 stay', 'Q6 effort', null],
    );

    const bad = await api()
      .post('/api/v1/imports/responses')
      .set(auth)
      .send({ employeeSurveyId: surveyId, mapping: { staff: {} }, responses });
    expect(bad.status).toBe(422);
    expect(bad.body.details.field).toBe('mapping');
    const wrongAudience = await api()
      .post('/api/v1/imports/responses?dryRun=true')
      .set(auth)
      .send({ customerSurveyId: surveyId, responses });
    expect(wrongAudience.status).toBe(422);
    expect(wrongAudience.body.code).toBe('IMPORT_SURVEY_AUDIENCE');
  });

  it('does the same from the CLI: survey and mapping flags, a dry run that writes nothing', async () => {
    const command = findCommand('import:responses')!;
    const file = join(FIXTURES, 'six-item-waves.csv');
    let printed = '';
    const out = { write: (text: string) => ((printed += text), true) };
    const before = await counts();
    const flags = [
      `--employee-survey=${surveyId}`,
      '--map=employee.Q5 stay=intend_to_stay',
      '--map=employee.Q6 effort=extra_effort',
      '--map=employee.Site code=',
    ];
    expect(await command.run([file, ...flags, '--dry-run'], t.app, out)).toBe(1);
    // The wave was imported above: the CLI names the same reason by line.
    expect(printed).toContain('already has employee responses');
    expect(printed).toContain('intend_to_stay [engagement] ← q5_stay (mapped; e.g.');

    printed = '';
    expect(
      await command.run([file, `--employee-survey=${surveyId}`, '--dry-run'], t.app, out),
    ).toBe(1);
    expect(printed).toContain('intend_to_stay [engagement] MISSING (required)');
    expect(printed).toContain('line 1, column q5_stay: "q5_stay" matches no item');
    expect(await counts()).toEqual(before);

    printed = '';
    expect(await command.run([file, '--map=Q5=intend_to_stay'], t.app, out)).toBe(2);
    expect(printed).toContain('--map takes <audience>.<source>=<item key>');
  });

  it('documents the endpoint in OpenAPI and refuses roles other than admin and HR', async () => {
    const doc = await api().get('/api/docs-json').expect(200);
    expect(doc.body.paths['/api/v1/imports/responses'].post).toBeDefined();
    expect(doc.body.components.schemas.ResponseImportResultDto).toBeDefined();
    const executive = await createUser(t, 'executive');
    const { key } = await t.app.get(ApiKeysService).create(executive.id, 'Reports');
    await api()
      .post('/api/v1/imports/responses?dryRun=true')
      .set({ Authorization: `Bearer ${key}` })
      .send({ responses: [] })
      .expect(403);
  });
});
