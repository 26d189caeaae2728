import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuditActor } from '../audit/audit-context';
import { CurrentUser } from '../auth/current-user';
import { RecipientPrivacyService } from '../delivery/recipient-privacy.service';
import { ContactsService } from '../directory/contacts.service';
import { assertCanManage } from '../directory/directory-access';
import { EmployeesService } from '../directory/employees.service';
import { DirectoryPersonalDataService, ErasedIdentity } from '../directory/personal-data.service';
import { FollowUpPrivacyService } from '../follow-through/follow-up-privacy.service';
import {
  CommentKeys,
  CustomerResponsePrivacyService,
} from '../respond/customer-response-privacy.service';
import { CommentKeysService } from './comment-keys.service';
import { PrivacyError, PrivacyErrorCode } from './privacy.errors';

/** Why a person was erased. */
export type ErasureReason = 'request' | 'retention';

/** What one erasure removed or unlinked, by store: counts only, never the data itself. */
export interface ErasureSummary {
  subject: 'contact' | 'employee';
  id: string;
  reason: ErasureReason;
  invitations: number;
  links: number;
  responses: number;
  comments: number;
  followUps: number;
  outboxMessages: number;
}

/**
 * Erasure on request (GDPR Art. 17) and by the retention policy. One transaction per person
 * runs through the owners of the person's data (directory, delivery, respond, follow-through)
 * and writes the audit row, which holds the record's id and counts, never the erased data.
 * Every figure already reported stays the same: customer scores stay with their cycle, unit and
 * account without the contact; an employee's row and dated history stay, anonymous.
 */
@Injectable()
export class ErasureService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: DirectoryPersonalDataService,
    private readonly contacts: ContactsService,
    private readonly employees: EmployeesService,
    private readonly recipients: RecipientPrivacyService,
    private readonly responses: CustomerResponsePrivacyService,
    private readonly followUps: FollowUpPrivacyService,
    private readonly commentKeys: CommentKeysService,
    private readonly audit: AuditService,
  ) {}

  async eraseContact(user: CurrentUser, id: string): Promise<ErasureSummary> {
    assertCanManage(user);
    await this.contacts.get(user, id); // exists, and in the user's scope
    const summary = await this.eraseContactFor(id, 'request');
    if (!summary) throw new PrivacyError(PrivacyErrorCode.ALREADY_ERASED);
    return summary;
  }

  async eraseEmployee(user: CurrentUser, id: string): Promise<ErasureSummary> {
    assertCanManage(user);
    await this.employees.get(user, id);
    const summary = await this.eraseEmployeeFor(id, 'request');
    if (!summary) throw new PrivacyError(PrivacyErrorCode.ALREADY_ERASED);
    return summary;
  }

  /**
   * Erases one contact; null when it no longer exists. `keys`: the comment questions of (at
   * least) the cycles the contact answered in, when the caller already has them (retention
   * erases many contacts with the keys of every answered cycle).
   */
  async eraseContactFor(
    id: string,
    reason: ErasureReason,
    actor?: AuditActor,
    keys?: readonly CommentKeys[],
  ): Promise<ErasureSummary | null> {
    keys ??= await this.commentKeys.of(await this.responses.cycleIdsOf(id));
    return this.dataSource.transaction(async (manager) => {
      const identity = await this.directory.eraseContact(manager, id);
      if (!identity) return null;
      const invitations = await this.recipients.erase(manager, { contactId: id });
      const responses = await this.responses.eraseContact(manager, id, keys);
      const followUps = await this.followUps.eraseContact(
        manager,
        id,
        responses.responseIds,
        texts(identity),
      );
      const summary: ErasureSummary = {
        subject: 'contact',
        id,
        reason,
        invitations: invitations.invitations,
        links: invitations.links,
        responses: responses.responseIds.length,
        comments: responses.comments,
        followUps,
        outboxMessages: 0,
      };
      return this.finish(manager, identity, summary, actor);
    });
  }

  /** Erases one employee's personal data; null when there is none left to erase. */
  async eraseEmployeeFor(
    id: string,
    reason: ErasureReason,
    actor?: AuditActor,
  ): Promise<ErasureSummary | null> {
    return this.dataSource.transaction(async (manager) => {
      const identity = await this.directory.eraseEmployee(manager, id);
      if (!identity) return null;
      const invitations = await this.recipients.erase(manager, { employeeId: id });
      await this.followUps.redactText(manager, texts(identity));
      const summary: ErasureSummary = {
        subject: 'employee',
        id,
        reason,
        invitations: invitations.invitations,
        links: invitations.links,
        responses: 0,
        comments: 0,
        followUps: 0,
        outboxMessages: 0,
      };
      return this.finish(manager, identity, summary, actor);
    });
  }

  /**
   * The outbox's copies of the person's mail (files, outside the database: deleted before the
   * commit, so an erasure that fails and is tried again finds nothing left there) and the audit
   * row, in the erasure's transaction.
   */
  private async finish(
    manager: EntityManager,
    identity: ErasedIdentity,
    summary: ErasureSummary,
    actor: AuditActor | undefined,
  ): Promise<ErasureSummary> {
    summary.outboxMessages = identity.email
      ? await this.recipients.eraseOutboxMessagesTo([identity.email])
      : 0;
    const { subject, id, comments, ...counts } = summary;
    // A field named like "comment" is redacted by the audit log: the count goes by another name.
    await this.audit.record(
      'privacy.erase',
      { type: subject, id, label: null },
      { details: { ...counts, textsErased: comments }, actor, manager },
    );
    return summary;
  }
}

/** The texts other stores are searched for: the name, the email and the external id. */
function texts(identity: ErasedIdentity): string[] {
  return [identity.name, identity.email, identity.externalId].filter((t): t is string => !!t);
}
