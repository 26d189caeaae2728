import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { generateToken, hashToken } from './tokens';

/** Fresh one-click unsubscribe links for mail sent outside a survey round. */
@Injectable()
export class UnsubscribeLinksService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * A new unsubscribe token for the invitation (only its hash is stored), so an email carries
   * the same way out as the survey emails.
   */
  async issue(invitationId: string): Promise<string> {
    const token = generateToken();
    await this.dataSource.query(
      `INSERT INTO invitation_tokens (token_hash, invitation_id, purpose) VALUES ($1, $2, 'unsubscribe')`,
      [hashToken(token), invitationId],
    );
    return token;
  }
}
