import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config/app.config';
import { PROJECT_ROOT } from '../config/project-root';
import { formatDeadline } from '../common/time-zone';
import { availableLanguage, translator } from '../respond/i18n';
import { SettingsService } from '../settings/settings.service';
import type { Audience } from '../surveys/entities/survey.entity';
import type { MailMessage } from './mail-transport.service';

export interface InvitationEmail {
  invitationId: string;
  audience: Audience;
  email: string;
  recipientName: string;
  closesAt: Date;
  questionCount: number;
  /** The survey's estimated minutes (surveys' estimateAnswerMinutes, as its page shows). */
  minutes: number;
  /** The person's language; null: the company's default. */
  language?: string | null;
  /** 0 for the first email, n for the n-th reminder. */
  round: number;
  surveyToken: string;
  unsubscribeToken?: string;
}

function load(name: string): string {
  return readFileSync(join(PROJECT_ROOT, 'views', 'emails', name), 'utf8');
}

/**
 * Renders survey emails (HTML + plain text) from views/emails, compiled once, with the company's
 * name, logo and time zone from its settings. A cycle's label and name are for staff: they never
 * reach a respondent.
 */
@Injectable()
export class EmailRenderer {
  private readonly html: Handlebars.TemplateDelegate;
  private readonly text: Handlebars.TemplateDelegate;
  private readonly appUrl: string;
  private readonly anonymityMin: number;
  private readonly domain: string;

  constructor(
    config: ConfigService<AppConfig, true>,
    private readonly settings: SettingsService,
  ) {
    const hbs = Handlebars.create();
    this.html = hbs.compile(load('invitation.html.hbs'), { strict: false });
    this.text = hbs.compile(load('invitation.text.hbs'), { noEscape: true });
    this.appUrl = config.get('appUrl', { infer: true });
    this.anonymityMin = config.get('privacy', { infer: true }).anonymityMin;
    this.domain = new URL(this.appUrl).hostname || 'tandem.localhost';
  }

  render(email: InvitationEmail): MailMessage {
    const company = this.settings.current();
    const name = company.companyName;
    const employee = email.audience === 'employee';
    const reminder = email.round > 0;
    const minutes = email.minutes;
    // The person's language, else the company's; wording from the respondent catalogs.
    const tr = translator(
      availableLanguage(email.language) ?? availableLanguage(company.defaultLanguage) ?? undefined,
      company.timeZone,
    );
    const closesOn = formatDeadline(email.closesAt, company.timeZone, tr.messages.meta.dateLocale);
    const s = tr.all({
      company: name ?? '',
      name: email.recipientName,
      minutes,
      count: email.questionCount,
      anonymityMin: this.anonymityMin,
      closesOn,
    }).mail;
    const plainHeading = employee ? s.headingEmployee : s.headingCustomer;
    const heading = reminder
      ? tr.t('mail.reminderHeading', { heading: plainHeading })
      : plainHeading;
    const plainSubject = employee
      ? name
        ? s.subjectEmployee
        : s.subjectEmployeeNoCompany
      : name
        ? s.subjectCustomer
        : s.subjectCustomerNoCompany;
    const subject = reminder
      ? tr.t('mail.reminderSubject', { subject: plainSubject })
      : plainSubject;
    const surveyUrl = `${this.appUrl}/s/${email.surveyToken}`;
    const unsubscribeUrl = email.unsubscribeToken
      ? `${this.appUrl}/u/${email.unsubscribeToken}`
      : undefined;
    const model = {
      s,
      lang: tr.locale,
      dir: tr.dir,
      hello: email.recipientName ? s.hello : s.helloNoName,
      intro: employee
        ? name
          ? s.introEmployee
          : s.introEmployeeNoCompany
        : name
          ? s.introCustomer
          : s.introCustomerNoCompany,
      why: name ? s.whyCustomer : s.whyCustomerNoCompany,
      subject,
      heading,
      reminder,
      employee,
      companyName: name,
      logoUrl: company.logo ? `${this.appUrl}${company.logo.path}` : undefined,
      recipientName: email.recipientName,
      minutes,
      questionCount: email.questionCount,
      anonymityMin: this.anonymityMin,
      surveyUrl,
      unsubscribeUrl,
      closesOn,
    };
    const headers: Record<string, string> = {};
    if (unsubscribeUrl) {
      // RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to this URL.
      headers['List-Unsubscribe'] = `<${unsubscribeUrl}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    }
    return {
      to: email.email,
      toName: email.recipientName || undefined,
      subject,
      html: this.html(model),
      text: this.text(model),
      messageId: `<${email.invitationId}.${email.round}@${this.domain}>`,
      headers,
    };
  }
}
