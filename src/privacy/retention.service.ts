import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditActor, currentActor } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { RecipientPrivacyService } from '../delivery/recipient-privacy.service';
import { DirectoryPersonalDataService } from '../directory/personal-data.service';
import { FollowUpPrivacyService } from '../follow-through/follow-up-privacy.service';
import {
  CommentKeys,
  CustomerResponsePrivacyService,
} from '../respond/customer-response-privacy.service';
import { CommentKeysService } from './comment-keys.service';
import { RetentionCounts, RetentionPolicyRow } from './entities/retention-policy.entity';
import { ErasureService } from './erasure.service';
import { PrivacyError, PrivacyErrorCode } from './privacy.errors';

/** The periods of the policy, in months; null: off. */
export interface RetentionPeriods {
  customerCommentMonths: number | null;
  contactMonths: number | null;
  departedEmployeeMonths: number | null;
}

export interface RetentionPolicy extends RetentionPeriods {
  updatedAt: Date;
  lastRunAt: Date | null;
  lastRun: RetentionCounts | null;
}

/** One record the policy would remove, as the preview lists it. */
export interface RetentionItem {
  id: string;
  label: string;
}

export interface RetentionGroup {
  months: number | null;
  /** null when this part of the policy is off */
  cutoff: Date | null;
  items: RetentionItem[];
}

/** What applying the policy now would remove. */
export interface RetentionPreview {
  at: Date;
  customerComments: RetentionGroup;
  contacts: RetentionGroup;
  employees: RetentionGroup;
  total: number;
}

const PERIODS: (keyof RetentionPeriods)[] = [
  'customerCommentMonths',
  'contactMonths',
  'departedEmployeeMonths',
];

/** `months` calendar months before `at` (the last day of a shorter month when it has no such day). */
export function monthsBefore(at: Date, months: number): Date {
  const day = at.getUTCDate();
  const d = new Date(at);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/**
 * The retention policy: customer comments erased N months after they were given, contacts
 * erased N months after the last contact with them (added, invited, reminded or answered),
 * departed employees' personal data erased N months after their exit. Off until set; applied
 * by the daily job or by an admin after the preview.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    @InjectRepository(RetentionPolicyRow)
    private readonly policies: Repository<RetentionPolicyRow>,
    private readonly directory: DirectoryPersonalDataService,
    private readonly recipients: RecipientPrivacyService,
    private readonly responses: CustomerResponsePrivacyService,
    private readonly followUps: FollowUpPrivacyService,
    private readonly commentKeys: CommentKeysService,
    private readonly erasure: ErasureService,
    private readonly audit: AuditService,
  ) {}

  async policy(): Promise<RetentionPolicy> {
    const row = await this.policies.findOneByOrFail({ id: 1 });
    return {
      ...pick(row),
      updatedAt: row.updatedAt,
      lastRunAt: row.lastRunAt,
      lastRun: row.lastRun,
    };
  }

  /** Saves the periods; the change is recorded in the audit log, before and after. */
  async update(periods: RetentionPeriods): Promise<RetentionPolicy> {
    for (const key of PERIODS) {
      const months = periods[key];
      if (months !== null && (!Number.isInteger(months) || months < 1 || months > 600))
        throw new PrivacyError(PrivacyErrorCode.MONTHS_INVALID, { field: key });
    }
    await this.policies.manager.transaction(async (manager) => {
      const before = await manager.findOneOrFail(RetentionPolicyRow, {
        where: { id: 1 },
        lock: { mode: 'pessimistic_write' },
      });
      await manager.update(RetentionPolicyRow, { id: 1 }, { ...periods });
      await this.audit.record(
        'privacy.retention_update',
        { type: 'retention_policy', id: null, label: 'Retention policy' },
        { before: forAudit(before), after: forAudit(periods), manager },
      );
    });
    return this.policy();
  }

  /** What the policy would remove if it were applied at `at`, record by record. */
  async preview(at = new Date()): Promise<RetentionPreview> {
    const policy = await this.policy();
    return this.previewOf(policy, at, await this.commentKeysFor(policy, { contacts: false }));
  }

  /** The preview for `policy` at `at`; `keys`: the comment questions of every answered cycle. */
  private async previewOf(
    policy: RetentionPeriods,
    at: Date,
    keys: readonly CommentKeys[],
  ): Promise<RetentionPreview> {
    const cutoff = (months: number | null) => (months === null ? null : monthsBefore(at, months));
    const commentCutoff = cutoff(policy.customerCommentMonths);
    const contactCutoff = cutoff(policy.contactMonths);
    const employeeCutoff = cutoff(policy.departedEmployeeMonths);

    const comments = commentCutoff ? await this.responses.commentedBefore(keys, commentCutoff) : [];
    const contactIds = contactCutoff ? await this.staleContacts(contactCutoff) : [];
    const employeeIds = employeeCutoff
      ? await this.directory.departedBefore(employeeCutoff.toISOString().slice(0, 10))
      : [];
    const labels = await this.directory.labels(contactIds, employeeIds);
    const group = (months: number | null, c: Date | null, items: RetentionItem[]) => ({
      months,
      cutoff: c,
      items,
    });
    const preview: RetentionPreview = {
      at,
      customerComments: group(
        policy.customerCommentMonths,
        commentCutoff,
        comments.map((r) => ({
          id: r.id,
          label: `Comment given ${r.submittedAt.toISOString().slice(0, 10)}`,
        })),
      ),
      contacts: group(
        policy.contactMonths,
        contactCutoff,
        contactIds.map((id) => ({ id, label: labels.get(id) ?? id })),
      ),
      employees: group(
        policy.departedEmployeeMonths,
        employeeCutoff,
        employeeIds.map((id) => ({ id, label: labels.get(id) ?? id })),
      ),
      total: 0,
    };
    preview.total = comments.length + contactIds.length + employeeIds.length;
    return preview;
  }

  /**
   * Applies the policy at `at`: the comments, contacts and employees the preview lists then,
   * each person in a transaction of their own with an audit row, and one row for the run.
   * `actor`: who asked (the daily job is Tandem itself).
   */
  async apply(at = new Date(), actor: AuditActor = currentActor()): Promise<RetentionCounts> {
    const policy = await this.policy();
    if (PERIODS.every((key) => policy[key] === null)) {
      if (actor.kind === 'system') return { customerComments: 0, contacts: 0, employees: 0 };
      throw new PrivacyError(PrivacyErrorCode.NOTHING_TO_APPLY);
    }
    // Worked out once for the whole run: the comments' erasure and every contact's use them.
    const keys = await this.commentKeysFor(policy, { contacts: true });
    const preview = await this.previewOf(policy, at, keys);
    const counts: RetentionCounts = { customerComments: 0, contacts: 0, employees: 0 };
    counts.customerComments = await this.eraseComments(
      keys,
      preview.customerComments.items.map((i) => i.id),
    );
    for (const { id } of preview.contacts.items)
      if (await this.erasure.eraseContactFor(id, 'retention', actor, keys)) counts.contacts += 1;
    for (const { id } of preview.employees.items)
      if (await this.erasure.eraseEmployeeFor(id, 'retention', actor)) counts.employees += 1;
    await this.policies.manager.transaction(async (manager) => {
      await manager.update(RetentionPolicyRow, { id: 1 }, { lastRunAt: at, lastRun: counts });
      await this.audit.record(
        'privacy.retention_apply',
        { type: 'retention_policy', id: null, label: 'Retention policy' },
        {
          // Named apart from "comment", which the audit log redacts.
          details: {
            customerFeedbackMonths: policy.customerCommentMonths,
            contactMonths: policy.contactMonths,
            departedEmployeeMonths: policy.departedEmployeeMonths,
            textsErased: counts.customerComments,
            contacts: counts.contacts,
            employees: counts.employees,
          },
          actor,
          manager,
        },
      );
    });
    this.logger.log(
      `Retention: ${counts.customerComments} comments, ${counts.contacts} contacts, ${counts.employees} employees erased`,
    );
    return counts;
  }

  /** Contacts whose last contact (added, invited, reminded, answered) was before `cutoff`. */
  private async staleContacts(cutoff: Date): Promise<string[]> {
    const candidates = await this.directory.contactsAddedBefore(cutoff);
    const ids = candidates.map((c) => c.id);
    const [invited, answered] = await Promise.all([
      this.recipients.lastInvitedAt(ids),
      this.responses.lastAnsweredAt(ids),
    ]);
    return candidates
      .filter((c) => {
        const last = Math.max(
          c.createdAt.getTime(),
          invited.get(c.id)?.getTime() ?? 0,
          answered.get(c.id)?.getTime() ?? 0,
        );
        return last < cutoff.getTime();
      })
      .map((c) => c.id);
  }

  /**
   * The comment questions of every answered cycle, when the policy erases comments (or, with
   * `contacts`, contacts, whose erasure blanks their comments too); otherwise none.
   */
  private async commentKeysFor(
    policy: RetentionPeriods,
    uses: { contacts: boolean },
  ): Promise<CommentKeys[]> {
    const needed =
      policy.customerCommentMonths !== null || (uses.contacts && policy.contactMonths !== null);
    return needed ? this.commentKeys.of(await this.responses.answeredCycleIds()) : [];
  }

  private async eraseComments(
    keys: readonly CommentKeys[],
    responseIds: string[],
  ): Promise<number> {
    if (responseIds.length === 0) return 0;
    return this.policies.manager.transaction(async (manager) => {
      const erased = await this.responses.eraseComments(manager, keys, responseIds);
      await this.followUps.eraseComments(manager, responseIds);
      return erased;
    });
  }
}

function pick(policy: RetentionPeriods): RetentionPeriods {
  return {
    customerCommentMonths: policy.customerCommentMonths,
    contactMonths: policy.contactMonths,
    departedEmployeeMonths: policy.departedEmployeeMonths,
  };
}

/**
 * The periods as the audit log records them: the comment period goes by another name, since
 * the log redacts every field named like "comment".
 */
function forAudit(policy: RetentionPeriods): Record<string, unknown> {
  return {
    customerFeedbackMonths: policy.customerCommentMonths,
    contactMonths: policy.contactMonths,
    departedEmployeeMonths: policy.departedEmployeeMonths,
  };
}
