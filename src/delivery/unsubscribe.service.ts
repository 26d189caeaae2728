import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveryError, DeliveryErrorCode } from './delivery.errors';
import { InvitationTokensService } from './invitation-tokens.service';
import { queryRows } from '../database/sql';

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
  ) {}

  async find(token: string): Promise<UnsubscribeTarget> {
    const contactId = await this.contactOf(token);
    const rows: Array<{ email: string; subscribed: boolean }> = await this.dataSource.query(
      `SELECT email, subscribed FROM contacts WHERE id = $1`,
      [contactId],
    );
    if (!rows[0]) throw new DeliveryError(DeliveryErrorCode.LINK_NOT_VALID);
    return { email: rows[0].email, alreadyUnsubscribed: !rows[0].subscribed };
  }

  /** Idempotent: a second click (or a mail client's one-click POST) changes nothing more. */
  async unsubscribe(token: string): Promise<UnsubscribeTarget> {
    const contactId = await this.contactOf(token);
    return this.dataSource.transaction(async (manager) => {
      const [contact] = await queryRows<{ email: string }>(
        manager,
        `UPDATE contacts SET subscribed = false, unsubscribed_at = COALESCE(unsubscribed_at, now())
          WHERE id = $1 RETURNING email`,
        [contactId],
      );
      await manager.query(
        `UPDATE invitations i SET unsubscribed_at = now()
           FROM cycles c
          WHERE i.contact_id = $1 AND i.unsubscribed_at IS NULL AND c.id = i.cycle_id AND c.status <> 'closed'`,
        [contactId],
      );
      return { email: contact?.email ?? '', alreadyUnsubscribed: true };
    });
  }

  private async contactOf(token: string): Promise<string> {
    const resolved = await this.tokens.resolve(token, 'unsubscribe');
    if (!resolved?.contactId) throw new DeliveryError(DeliveryErrorCode.LINK_NOT_VALID);
    return resolved.contactId;
  }
}
