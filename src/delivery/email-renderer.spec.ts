import { ConfigService } from '@nestjs/config';
import { AppConfig, loadConfig } from '../config/app.config';
import { EmailRenderer, InvitationEmail } from './email-renderer.service';
import { jobId } from '../jobs/job-queue.service';
import type { CompanySettings, SettingsService } from '../settings/settings.service';

const company = (over: Partial<CompanySettings> = {}): CompanySettings => ({
  companyName: 'Acme & Sons',
  mailSenderName: null,
  mailReplyTo: null,
  timeZone: 'UTC',
  defaultLanguage: 'en',
  logo: null,
  updatedAt: null,
  ...over,
});

describe(EmailRenderer.name, () => {
  const config = loadConfig({
    APP_URL: 'https://surveys.example.com',
    COMPANY_NAME: 'Acme & Sons',
    ANONYMITY_MIN: '7',
    COMMENT_MIN: '10',
    SESSION_SECRET: 'unit-test-session-secret-that-is-long-enough',
  });
  let settings = company();
  const sut = new EmailRenderer(new ConfigService<AppConfig, true>(config), {
    current: () => settings,
  } as SettingsService);
  afterEach(() => {
    settings = company();
  });
  const base: InvitationEmail = {
    invitationId: '11111111-2222-4333-8444-555555555555',
    audience: 'employee',
    email: 'sam@example.test',
    recipientName: 'Sam <script>',
    closesAt: new Date('2026-05-18T17:00:00Z'),
    questionCount: 12,
    minutes: 2,
    round: 0,
    surveyToken: 'A'.repeat(43),
  };

  it('puts the personal link, the company and the anonymity threshold in an employee mail', () => {
    const mail = sut.render(base);
    expect(mail.html).toContain('href="https://surveys.example.com/s/' + 'A'.repeat(43) + '"');
    expect(mail.text).toContain('https://surveys.example.com/s/' + 'A'.repeat(43));
    expect(mail.html).toContain('Acme &amp; Sons');
    expect(mail.text).toContain('Acme & Sons');
    expect(mail.text).toContain('groups of at least 7 people');
    expect(mail.text).toContain('about 2 minutes');
    expect(mail.headers).toEqual({});
  });

  it('escapes what people typed in the HTML part', () => {
    const mail = sut.render(base);
    expect(mail.html).toContain('Sam &lt;script&gt;');
    expect(mail.html).not.toContain('<script>');
  });

  it('gives customer mail RFC 8058 one-click unsubscribe headers and a footer link', () => {
    const mail = sut.render({ ...base, audience: 'customer', unsubscribeToken: 'B'.repeat(43) });
    expect(mail.headers).toEqual({
      'List-Unsubscribe': `<https://surveys.example.com/u/${'B'.repeat(43)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(mail.html).toContain(`/u/${'B'.repeat(43)}`);
    expect(mail.text).not.toContain('anonymous');
  });

  it('says when the link closes in the company time zone', () => {
    expect(sut.render(base).text).toContain('works until Monday 18 May 2026 at 17:00 UTC');
    settings = company({ timeZone: 'America/Los_Angeles' });
    expect(sut.render(base).text).toContain('works until Monday 18 May 2026 at 10:00 PDT');
    settings = company({ timeZone: 'Asia/Kolkata' });
    expect(sut.render(base).html).toContain('Monday 18 May 2026 at 22:30 GMT+5:30');
  });

  it('leaves the company out, never a placeholder, until it is named', () => {
    settings = company({ companyName: null });
    const employee = sut.render(base);
    const customer = sut.render({
      ...base,
      audience: 'customer',
      unsubscribeToken: 'B'.repeat(43),
    });
    expect(employee.subject).toBe('Pulse survey — 2 minutes, anonymous');
    expect(customer.subject).toBe('We would value your view (2 minutes)');
    expect(employee.text).toContain('We are asking everyone in your team');
    expect(customer.text).toContain('one of our customer contacts');
    for (const mail of [employee, customer])
      expect(`${mail.subject}${mail.text}${mail.html}`).not.toMatch(/your company|null|undefined/i);
  });

  it('marks reminders and gives each email of an invitation its own stable Message-ID', () => {
    const first = sut.render(base);
    const reminder = sut.render({ ...base, round: 2 });
    expect(reminder.subject).toMatch(/^Reminder: /);
    expect(first.messageId).toBe(`<${base.invitationId}.0@surveys.example.com>`);
    expect(reminder.messageId).toBe(`<${base.invitationId}.2@surveys.example.com>`);
  });
});

describe('jobId', () => {
  it('is a stable UUID per queue and key', () => {
    expect(jobId('delivery-send', 'x:0')).toBe(jobId('delivery-send', 'x:0'));
    expect(jobId('delivery-send', 'x:0')).not.toBe(jobId('delivery-send', 'x:1'));
    expect(jobId('delivery-send', 'x:0')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });
});
