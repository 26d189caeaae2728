import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CyclesService } from '../cycles/cycles.service';
import { ContactsService } from '../directory/contacts.service';
import { DeliveryError, DeliveryErrorCode } from './delivery.errors';
import { InvitationTokensService } from './invitation-tokens.service';

export interface UnsubscribeTarget {
  email: string;
  alreadyUnsubscribed: boolean;
}

/** Customer contacts leave the survey list from the link or header of any survey email. */
@Injectable()
export class UnsubscribeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: InvitationTokensService,
    private readonly contacts: ContactsService,
    @Inject(forwardRef(() => CyclesService)) private readonly cycles: CyclesService,
  ) {}

  async find(token: string): Promise<UnsubscribeTarget> {
    const contactId = await this.contactOf(token);
    const contact = await this.contacts.subscription(contactId);
    if (!contact) throw new DeliveryError(DeliveryErrorCode.LINK_NOT_VALID);
    return { email: contact.email, alreadyUnsubscribed: !contact.subscribed };
  }

  /** Idempotent: a second click (or a mail client's one-click POST) changes nothing more. */
  async unsubscribe(token: string): Promise<UnsubscribeTarget> {
    const contactId = await this.contactOf(token);
    const unclosed = await this.cycles.unclosedIds();
    return this.dataSource.transaction(async (manager) => {
      const email = await this.contacts.unsubscribe(manager, contactId);
      await manager.query(
        `UPDATE invitations SET unsubscribed_at = now()
          WHERE contact_id = $1 AND unsubscribed_at IS NULL AND cycle_id = ANY($2::uuid[])`,
        [contactId, unclosed],
      );
      return { email: email ?? '', alreadyUnsubscribed: true };
    });
  }

  private async contactOf(token: string): Promise<string> {
    const resolved = await this.tokens.resolve(token, 'unsubscribe');
    if (!resolved?.contactId) throw new DeliveryError(DeliveryErrorCode.LINK_NOT_VALID);
    return resolved.contactId;
  }
}
