import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config/app.config';
import { PROJECT_ROOT } from '../config/project-root';
import { formatDeadline } from '../common/time-zone';
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
    const heading = employee
      ? `${minutes} minutes on how work is going`
      : `How are we doing for you?`;
    const subject = `${reminder ? 'Reminder: ' : ''}${
      employee
        ? `${name ? `${name} pulse survey` : 'Pulse survey'} — ${minutes} minutes, anonymous`
        : `${name ?? 'We'} would value your view (${minutes} minutes)`
    }`;
    const surveyUrl = `${this.appUrl}/s/${email.surveyToken}`;
    const unsubscribeUrl = email.unsubscribeToken
      ? `${this.appUrl}/u/${email.unsubscribeToken}`
      : undefined;
    const model = {
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
      closesOn: formatDeadline(email.closesAt, company.timeZone),
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
