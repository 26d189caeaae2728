import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/project-root';
import { registerHandlebarsHelpers } from '../common/handlebars-helpers';
import type { MailMessage } from '../delivery/mail-transport.service';
import type { PasswordLinkPurpose } from './entities/password-link.entity';

export interface PasswordLinkEmail {
  linkId: string;
  /** Which try this is: a message that went again after a crash carries a new link. */
  attempt: number;
  purpose: PasswordLinkPurpose;
  email: string;
  name: string;
  url: string;
  validForSeconds: number;
  companyName: string | null;
}

/** "30 minutes", "7 days": how long a link works, in words. */
export function lifetimeInWords(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds % 86_400 === 0) return plural(seconds / 86_400, 'day');
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  return plural(Math.round(seconds / 60), 'minute');
}

/** The password-reset and invitation emails (views/emails/password-link.*.hbs). */
export class PasswordLinkEmails {
  private readonly html: Handlebars.TemplateDelegate;
  private readonly text: Handlebars.TemplateDelegate;
  private readonly domain: string;

  constructor(appUrl: string) {
    const hbs = Handlebars.create();
    registerHandlebarsHelpers(hbs);
    const read = (ext: string) =>
      readFileSync(join(PROJECT_ROOT, 'views', 'emails', `password-link.${ext}.hbs`), 'utf8');
    this.html = hbs.compile(read('html'));
    this.text = hbs.compile(read('text'), { noEscape: true });
    this.domain = new URL(appUrl).hostname || 'tandem.localhost';
  }

  render(email: PasswordLinkEmail): MailMessage {
    const invite = email.purpose === 'invite';
    const subject = invite
      ? `Your ${email.companyName ? `${email.companyName} ` : ''}Tandem account: choose your password`
      : 'Reset your Tandem password';
    const model = {
      subject,
      heading: invite ? 'Welcome to Tandem' : 'Reset your password',
      action: invite ? 'Choose your password' : 'Choose a new password',
      invite,
      name: email.name,
      email: email.email,
      url: email.url,
      validFor: lifetimeInWords(email.validForSeconds),
      companyName: email.companyName,
    };
    return {
      to: email.email,
      toName: email.name || undefined,
      subject,
      html: this.html(model),
      text: this.text(model),
      messageId: `<password-link.${email.linkId}.${email.attempt}@${this.domain}>`,
    };
  }
}
