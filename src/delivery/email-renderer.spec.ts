import { ConfigService } from '@nestjs/config';
import { AppConfig, loadConfig } from '../config/app.config';
import { EmailRenderer, InvitationEmail } from './email-renderer.service';
import { jobId } from '../jobs/job-queue.service';

describe(EmailRenderer.name, () => {
  const config = loadConfig({
    APP_URL: 'https://surveys.example.com',
    COMPANY_NAME: 'Acme & Sons',
    ANONYMITY_MIN: '7',
    COMMENT_MIN: '10',
    SESSION_SECRET: 'unit-test-session-secret-that-is-long-enough',
  });
  const sut = new EmailRenderer(new ConfigService<AppConfig, true>(config));
  const base: InvitationEmail = {
    invitationId: '11111111-2222-4333-8444-555555555555',
    audience: 'employee',
    email: 'sam@example.test',
    recipientName: 'Sam <script>',
    cycleName: 'Spring',
    periodLabel: '2026-Q2',
    closesAt: new Date('2026-05-18T17:00:00Z'),
    questionCount: 12,
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
