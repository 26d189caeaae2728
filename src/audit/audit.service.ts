import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { paged, Paged } from '../common/pagination';
import { AuditActor, currentActor } from './audit-context';
import type { AuditAction } from './audit-actions';
import { changedFields, redactObject } from './audit-redaction';
import {
  AuditFilter,
  AuditRow,
  countAuditEvents,
  insertAuditEvent,
  selectAuditEvents,
} from './audit.queries';

/** What a change was made to. */
export interface AuditTarget {
  type: string;
  id?: string | null;
  /** How people know it: a cycle's label, a user's email, a file's name. */
  label?: string | null;
}

/** One change to record: the fields before and after (only changed ones are kept) and details. */
export interface AuditEntry {
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  details?: Record<string, unknown>;
  /** Fields of before/after holding a person's own data: recorded as changed, never their values. */
  personal?: readonly string[];
  /** Writes the row in the caller's transaction, so the change and its record stand or fall together. */
  manager?: EntityManager;
  /** Who, when not the request being handled (AuditContextInterceptor) or Tandem itself. */
  actor?: AuditActor;
}

/**
 * The audit log (table audit_events): every change made by staff, API keys and Tandem itself,
 * append-only. Other modules call record() where they change something; the actor and where
 * from come from the request being handled.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(
    action: AuditAction,
    target: AuditTarget | null,
    entry: AuditEntry = {},
  ): Promise<void> {
    const actor = entry.actor ?? currentActor();
    await insertAuditEvent(entry.manager ?? this.dataSource, {
      actorKind: actor.kind,
      actorUserId: actor.userId,
      actorEmail: actor.email,
      actorApiKeyId: actor.apiKeyId,
      ip: actor.ip,
      userAgent: actor.userAgent,
      action,
      targetType: target?.type ?? null,
      targetId: target?.id ?? null,
      targetLabel: target?.label ?? null,
      changes: changedFields(entry.before, entry.after, entry.personal),
      details: redactObject(entry.details),
    });
  }

  /** A page of the log, newest first; `zone`: the time zone the filter's days are in. */
  async list(
    filter: AuditFilter,
    zone: string,
    page: number,
    pageSize: number,
  ): Promise<Paged<AuditRow>> {
    const [total, items] = await Promise.all([
      countAuditEvents(this.dataSource, filter, zone),
      selectAuditEvents(this.dataSource, filter, zone, {
        offset: (page - 1) * pageSize,
        limit: pageSize,
      }),
    ]);
    return paged(items, total, page, pageSize);
  }

  /** Every matching row, newest first, for the CSV. */
  all(filter: AuditFilter, zone: string): Promise<AuditRow[]> {
    return selectAuditEvents(this.dataSource, filter, zone, {
      offset: 0,
      limit: null,
    });
  }
}
