import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app.config';
import { PROJECT_ROOT } from '../config/project-root';
import { registerHandlebarsHelpers } from '../common/handlebars-helpers';
import type { MailMessage } from '../delivery/mail-transport.service';
import { availableLanguage, translator } from '../respond/i18n';
import { SettingsService } from '../settings/settings.service';

export interface DigestItem {
  id: string;
  unitName: string;
  accountName: string | null;
  reasons: string;
  dueOn: string;
  overdue: boolean;
}

export interface DigestEmail {
  userId: string;
  date: string;
  email: string;
  name: string;
  fresh: DigestItem[];
  overdue: DigestItem[];
  /** unresolved follow-ups in the manager's units */
  openCount: number;
}

export interface HeardYouEmail {
  followUpId: string;
  email: string;
  contactName: string;
  unitName: string;
  message: string | null;
  unsubscribeToken: string | null;
  /** The contact's language; null: the company's default. */
  language?: string | null;
}

export interface PlanShareEmail {
  planId: string;
  round: number;
  employeeId: string;
  email: string;
  name: string;
  unitName: string;
  managerName: string;
  actions: { what: string; owner: string; dueOn: string; status: string }[];
}

type Template = { html: Handlebars.TemplateDelegate; text: Handlebars.TemplateDelegate };

/**
 * The three follow-through emails (HTML + text) from views/emails, compiled once. The company's
 * name comes from its settings; a cycle's label is for staff and never goes to employees.
 */
@Injectable()
export class FollowThroughEmails {
  private readonly digestTemplate: Template;
  private readonly heardYouTemplate: Template;
  private readonly planShareTemplate: Template;
  private readonly appUrl: string;
  private readonly domain: string;

  constructor(
    config: ConfigService<AppConfig, true>,
    private readonly settings: SettingsService,
  ) {
    const hbs = Handlebars.create();
    registerHandlebarsHelpers(hbs);
    const load = (name: string): Template => {
      const read = (ext: string) =>
        readFileSync(join(PROJECT_ROOT, 'views', 'emails', `${name}.${ext}.hbs`), 'utf8');
      return {
        html: hbs.compile(read('html')),
        text: hbs.compile(read('text'), { noEscape: true }),
      };
    };
    this.digestTemplate = load('follow-up-digest');
    this.heardYouTemplate = load('heard-you');
    this.planShareTemplate = load('action-plan-share');
    this.appUrl = config.get('appUrl', { infer: true });
    this.domain = new URL(this.appUrl).hostname || 'tandem.localhost';
  }

  digest(email: DigestEmail): MailMessage {
    const count = email.fresh.length;
    const subject =
      count > 0
        ? `${count} new customer follow-up${count === 1 ? '' : 's'} for your team`
        : `${email.overdue.length} customer follow-up${email.overdue.length === 1 ? ' is' : 's are'} overdue`;
    const link = (item: DigestItem) => ({ ...item, url: `${this.appUrl}/follow-ups/${item.id}` });
    const model = {
      subject,
      name: email.name,
      companyName: this.companyName(),
      fresh: email.fresh.map(link),
      overdue: email.overdue.map(link),
      openCount: email.openCount,
      listUrl: `${this.appUrl}/follow-ups`,
    };
    return this.message(email.email, email.name, subject, this.digestTemplate, model, {
      messageId: `digest.${email.userId}.${email.date}`,
    });
  }

  heardYou(email: HeardYouEmail): MailMessage {
    const name = this.companyName();
    const company = this.settings.current();
    const tr = translator(
      availableLanguage(email.language) ?? availableLanguage(company.defaultLanguage) ?? undefined,
    );
    const s = tr.all({ company: name ?? '', unit: email.unitName, name: email.contactName }).mail;
    const subject = name ? s.heardSubject : s.heardSubjectNoCompany;
    const unsubscribeUrl = email.unsubscribeToken
      ? `${this.appUrl}/u/${email.unsubscribeToken}`
      : undefined;
    const model = {
      subject,
      name: email.contactName,
      companyName: name,
      unitName: email.unitName,
      message: email.message,
      unsubscribeUrl,
      lang: tr.locale,
      dir: tr.dir,
      heading: s.heardHeading,
      hello: email.contactName ? s.hello : s.helloNoName,
      thanks: name ? s.heardThanks : s.heardThanksNoCompany,
      more: name ? s.heardMore : s.heardMoreNoCompany,
      why: name ? s.heardWhy : s.heardWhyNoCompany,
      unsubscribe: s.heardUnsubscribe,
    };
    const headers: Record<string, string> = {};
    if (unsubscribeUrl) {
      headers['List-Unsubscribe'] = `<${unsubscribeUrl}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    }
    return this.message(email.email, email.contactName, subject, this.heardYouTemplate, model, {
      messageId: `heard-you.${email.followUpId}`,
      headers,
    });
  }

  planShare(email: PlanShareEmail): MailMessage {
    const subject = `${email.unitName}: what we will do after the pulse survey`;
    const model = { ...email, subject, companyName: this.companyName() };
    return this.message(email.email, email.name, subject, this.planShareTemplate, model, {
      messageId: `plan.${email.planId}.${email.round}.${email.employeeId}`,
    });
  }

  private companyName(): string | undefined {
    return this.settings.current().companyName ?? undefined;
  }

  private message(
    address: string,
    name: string,
    subject: string,
    template: Template,
    model: object,
    options: { messageId: string; headers?: Record<string, string> },
  ): MailMessage {
    return {
      to: name ? `"${name.replace(/["\\\r\n]/g, '')}" <${address}>` : address,
      subject,
      html: template.html(model),
      text: template.text(model),
      messageId: `<${options.messageId}@${this.domain}>`,
      headers: options.headers ?? {},
    };
  }
}
