import { ApiKeysService } from '../src/auth/api-keys.service';
import { DemoGeneratorService } from '../src/demo/demo-generator.service';
import { DEMO_COMPANY } from '../src/demo/demo-names';
import { cycleInput, ReceivedMail, SmtpSink, startSmtpSink } from './support/delivery-fixtures';
import { createTestApp, createUser, csrfFrom, signedInAgent, TestApp } from './support/test-app';

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const OVERSIZE_PNG = Buffer.concat([PNG, Buffer.alloc(250 * 1024)]);
const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
  'utf8',
);
/** 20:00 UTC is 12:00 in Los Angeles (PST in January). */
const CLOSES_AT = '2030-01-15T20:00:00.000Z';
const PLACEHOLDER = /your company/i;

describe('Company settings', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let admin: Awaited<ReturnType<typeof signedInAgent>>;
  let adminKey: string;
  let hrKey: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    // No COMPANY_NAME: until someone names the company, nothing may say "Your company".
    t = await createTestApp({
      JOBS_ENABLED: 'true',
      SMTP_URL: sink.url,
      MAIL_FROM: 'Tandem surveys <surveys@tandem.test>',
    });
    admin = await signedInAgent(t, 'admin');
    const keys = t.app.get(ApiKeysService);
    adminKey = (await keys.create(admin.user.id, 'settings')).key;
    hrKey = (await keys.create((await createUser(t, 'hr')).id, 'hr')).key;
  });

  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  const api = () => ({
    get: () => t.http().get('/api/v1/settings').set('Authorization', `Bearer ${adminKey}`),
    put: (body: object, key = adminKey) =>
      t.http().put('/api/v1/settings').set('Authorization', `Bearer ${key}`).send(body),
  });

  const postSettings = async (fields: Record<string, string>, logo?: Buffer, name = 'logo.png') => {
    const page = await admin.agent.get('/admin/settings').expect(200);
    let req = admin.agent.post(`/admin/settings?_csrf=${encodeURIComponent(csrfFrom(page.text))}`);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (logo) req = req.attach('logo', logo, { filename: name });
    return req;
  };

  const validFields = {
    companyName: 'Acme & Co',
    mailSenderName: 'Acme people team',
    mailReplyTo: 'people@acme.test',
    timeZone: 'UTC',
    defaultLanguage: 'en',
  };

  describe('before the company is named', () => {
    it('shows respondent pages without a placeholder or an empty company phrase', async () => {
      for (const audience of ['employee', 'customer']) {
        const page = await t.http().get(`/s/thanks/${audience}`).expect(200);
        expect(page.text).not.toMatch(PLACEHOLDER);
        expect(page.text).toContain('Survey run with Tandem.');
        expect(page.text).not.toContain('Survey for ,');
      }
    });

    it('shows the dashboard and the settings page without a placeholder', async () => {
      expect((await admin.agent.get('/').expect(200)).text).not.toMatch(PLACEHOLDER);
      const page = await admin.agent.get('/admin/settings').expect(200);
      expect(page.text).not.toMatch(PLACEHOLDER);
      expect(page.text).toContain('id="companyName" name="companyName" type="text"');
      expect(page.text).toContain('value="UTC"');
    });
  });

  describe('the settings page', () => {
    it('is for administrators only', async () => {
      const hr = await signedInAgent(t, 'hr');
      await hr.agent.get('/admin/settings').expect(403);
      await t
        .http()
        .put('/api/v1/settings')
        .set('Authorization', `Bearer ${hrKey}`)
        .send({})
        .expect(403);
    });

    it('re-renders a bad form with each message and keeps what was typed', async () => {
      const res = await postSettings(
        {
          ...validFields,
          companyName: 'Typed Name',
          timeZone: 'Mars/Olympus',
          mailReplyTo: 'nope',
        },
        OVERSIZE_PNG,
      );
      expect(res.status).toBe(422);
      expect(res.text).toContain('Unknown time zone: use an IANA name');
      expect(res.text).toContain('The logo must be at most 200 kB');
      expect(res.text).toContain('Enter an email address');
      expect(res.text).toContain('value="Typed Name"');
      expect(res.text).toContain('value="Mars/Olympus"');
      expect(res.text).toContain('aria-invalid="true"');
      expect((await api().get().expect(200)).body.companyName).toBeNull();
    });

    it('refuses an SVG logo, saying why', async () => {
      const res = await postSettings(validFields, SVG, 'logo.svg');
      expect(res.status).toBe(422);
      expect(res.text).toContain('SVG logos are not accepted');
      expect(res.text).toContain('value="Acme &amp; Co"');
    });

    it('saves a good form and shows the values again', async () => {
      const res = await postSettings({ ...validFields, timeZone: 'asia/kolkata' }, PNG);
      expect(res.status).toBe(303);
      const page = await admin.agent.get('/admin/settings').expect(200);
      expect(page.text).toContain('Settings saved.');
      expect(page.text).toContain('value="Acme &amp; Co"');
      expect(page.text).toContain('value="people@acme.test"');
      expect(page.text).toContain('value="Asia/Kolkata"');
      expect(page.text).toMatch(/<img class="settings-logo" src="\/company\/logo\/[0-9a-f]{16}"/);
    });
  });

  describe('the API', () => {
    it('reads and changes the settings, leaving out fields unchanged', async () => {
      const before = (await api().get().expect(200)).body;
      expect(before).toMatchObject({
        companyName: 'Acme & Co',
        mailSenderName: 'Acme people team',
        mailReplyTo: 'people@acme.test',
        timeZone: 'Asia/Kolkata',
        defaultLanguage: 'en',
        logo: { contentType: 'image/png' },
      });
      const after = (await api().put({ timeZone: 'America/Los_Angeles' }).expect(200)).body;
      expect(after).toMatchObject({
        ...before,
        timeZone: 'America/Los_Angeles',
        updatedAt: expect.any(String),
      });
    });

    it('refuses a bad time zone, an oversize or SVG logo and an unknown language with clear messages', async () => {
      const cases: Array<[object, RegExp]> = [
        [{ timeZone: 'Mars/Olympus' }, /Unknown time zone/],
        [{ timeZone: '+05:30' }, /Unknown time zone/],
        [{ logo: OVERSIZE_PNG.toString('base64') }, /at most 200 kB/],
        [
          { logo: `data:image/svg+xml;base64,${SVG.toString('base64')}` },
          /SVG logos are not accepted/,
        ],
        [{ logo: SVG.toString('base64') }, /SVG logos are not accepted/],
        [{ logo: Buffer.from('GIF89a....').toString('base64') }, /PNG or JPEG/],
        [{ defaultLanguage: 'xx' }, /available languages/],
        [{ mailReplyTo: 'not an address' }, /email/],
      ];
      for (const [body, message] of cases) {
        const res = await api().put(body);
        expect([400, 422]).toContain(res.status);
        expect(res.body.message).toMatch(message);
      }
      expect((await api().get()).body.timeZone).toBe('America/Los_Angeles');
    });

    it('takes a logo as a data: URL and removes it with null', async () => {
      const url = `data:image/png;base64,${PNG.toString('base64')}`;
      expect((await api().put({ logo: url }).expect(200)).body.logo.contentType).toBe('image/png');
      expect((await api().put({ logo: null }).expect(200)).body.logo).toBeNull();
      await t.http().get('/company/logo').expect(404);
      await api()
        .put({ logo: PNG.toString('base64') })
        .expect(200);
    });
  });

  describe('the logo', () => {
    it('is served at a stable URL with its type, an ETag and cache headers', async () => {
      const res = await t.http().get('/company/logo').expect(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('public, max-age=300, must-revalidate');
      expect(Buffer.compare(res.body as Buffer, PNG)).toBe(0);
      await t.http().get('/company/logo').set('If-None-Match', res.headers.etag).expect(304);
      const path = (await api().get()).body.logo.url as string;
      const versioned = await t.http().get(path).expect(200);
      expect(versioned.headers['cache-control']).toContain('immutable');
    });
  });

  describe('with the demo company loaded and a Los Angeles time zone', () => {
    let mails: ReceivedMail[];
    let cycleId: string;
    let periodLabel: string;
    let cycleName: string;

    beforeAll(async () => {
      // The demo names the company only when nobody has: start from no name.
      await api().put({ companyName: null, mailSenderName: null }).expect(200);
      await t.app.get(DemoGeneratorService).generate({ branches: 2, employees: 24 });
      const [root] = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM units WHERE parent_id IS NULL`,
      );
      const input = cycleInput([root.id], { closesAt: CLOSES_AT, reminderDays: [] });
      periodLabel = input.periodLabel;
      cycleName = `${periodLabel}-pilot internal`;
      const form = await admin.agent.get('/admin/cycles/new').expect(200);
      const created = await admin.agent
        .post('/admin/cycles')
        .type('form')
        .send({
          ...input,
          name: cycleName,
          reminderDays: '',
          unitIds: root.id,
          _csrf: csrfFrom(form.text),
        });
      expect(created.status).toBe(303);
      cycleId = created.headers.location.split('/').pop()!;
      await api().put({
        mailSenderName: 'Harbor & Pine people',
        mailReplyTo: 'people@harbor.test',
      });
      await admin.agent
        .post(`/admin/cycles/${cycleId}/launch`)
        .type('form')
        .send({ _csrf: admin.csrf })
        .expect(303);
      const [{ n }] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM invitations WHERE cycle_id = $1`,
        [cycleId],
      );
      expect(n).toBeGreaterThan(0);
      await sink.waitFor(n, 60_000);
      mails = [...sink.received];
    }, 120_000);

    it('names the demo bank in settings', async () => {
      expect((await api().get()).body.companyName).toBe(DEMO_COMPANY);
    });

    it('sends no placeholder and no cycle label or name in any respondent email', () => {
      expect(mails.length).toBeGreaterThan(0);
      for (const mail of mails) {
        const all = `${mail.subject}\n${mail.raw}`;
        expect(all).not.toMatch(PLACEHOLDER);
        expect(all).not.toContain(periodLabel);
        expect(mail.subject).toContain(DEMO_COMPANY);
      }
    });

    it('shows the deadline in Los Angeles time in the email', () => {
      // Quoted-printable may wrap the line; the text part says it on one logical line.
      const text = mails[0].raw.replace(/=\r?\n/g, '');
      expect(text).toContain('works until Tuesday 15 January 2030 at 12:00 PST');
      expect(text).not.toContain('20:00');
    });

    it('sends from the configured sender name with the reply-to address', () => {
      for (const mail of mails) {
        expect(mail.headers.from).toBe('"Harbor & Pine people" <surveys@tandem.test>');
        expect(mail.headers['reply-to']).toBe('people@harbor.test');
      }
    });

    it('shows Los Angeles times on the admin cycle page and the survey page', async () => {
      const page = await admin.agent.get(`/admin/cycles/${cycleId}`).expect(200);
      expect(page.text).toContain('2030-01-15 12:00 PST');
      expect(page.text).not.toContain('2030-01-15 20:00');
      const token = mails.find((m) => m.surveyToken)!.surveyToken!;
      const survey = await t.http().get(`/s/${token}`).expect(200);
      expect(survey.text).toContain('15 January 2030 at 12:00 PST');
      expect(survey.text).toContain(DEMO_COMPANY.replace('&', '&amp;'));
      expect(survey.text).not.toMatch(PLACEHOLDER);
    });

    it('names the bank on the unsubscribe page and the thank-you pages', async () => {
      const mail = mails.find((m) => m.unsubscribeToken)!;
      const page = await t.http().get(`/u/${mail.unsubscribeToken}`).expect(200);
      expect(page.text).toContain('Unsubscribe from Harbor &amp; Pine Bank surveys');
      expect(page.text).not.toMatch(PLACEHOLDER);
      for (const audience of ['employee', 'customer']) {
        const thanks = await t.http().get(`/s/thanks/${audience}`).expect(200);
        expect(thanks.text).toContain('Survey for Harbor &amp; Pine Bank, run with Tandem.');
        expect(thanks.text).toMatch(
          /<img class="company-logo" src="\/company\/logo\/[0-9a-f]{16}"/,
        );
      }
      expect((await admin.agent.get('/').expect(200)).text).not.toMatch(PLACEHOLDER);
    });
  });
});
