import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, MoreThan, Not, IsNull, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { queryRows } from '../database/sql';
import type { CycleActor } from './cycle-actor';
import { CycleEvent, CycleEventKind } from './entities/cycle-event.entity';

/** One entry of a cycle's history as pages and the API show it. */
export interface CycleHistoryEntry {
  kind: CycleEventKind;
  at: Date;
  /** null: Tandem itself, on schedule. */
  actorName: string | null;
  data: Record<string, unknown>;
}

/** What each steering action did to a cycle, with who and when (table cycle_events). */
@Injectable()
export class CycleHistory {
  constructor(
    @InjectRepository(CycleEvent) private readonly events: Repository<CycleEvent>,
    private readonly audit: AuditService,
  ) {}

  /** Adds an entry in the caller's transaction, so it exists exactly when the action happened. */
  async record(
    manager: EntityManager,
    cycleId: string,
    kind: CycleEventKind,
    actor: CycleActor | null,
    data: Record<string, unknown> = {},
  ): Promise<void> {
    await manager.query(
      `INSERT INTO cycle_events (cycle_id, kind, actor_id, actor_name, data)
       VALUES ($1, $2, $3, $4, $5::jsonb)`,
      [cycleId, kind, actor?.userId ?? null, actor?.name ?? null, JSON.stringify(data)],
    );
    await this.recordAudit(manager, cycleId, kind, data);
  }

  /** The same step in the audit log, in the same transaction. */
  private async recordAudit(
    manager: EntityManager,
    cycleId: string,
    kind: CycleEventKind,
    data: Record<string, unknown>,
  ): Promise<void> {
    const [cycle] = await queryRows<{ period_label: string }>(
      manager,
      `SELECT period_label FROM cycles WHERE id = $1`,
      [cycleId],
    );
    const target = { type: 'cycle', id: cycleId, label: cycle?.period_label ?? null };
    if (kind === 'extended')
      return this.audit.record('cycle.extend', target, {
        manager,
        before: { closesAt: data.from },
        after: { closesAt: data.to },
      });
    if (kind === 'closed')
      return this.audit.record('cycle.close', target, {
        manager,
        after: { status: 'closed' },
        details: data,
      });
    return this.audit.record('cycle.remind', target, { manager, details: data });
  }

  /** The cycle's history, newest first. */
  async list(cycleId: string): Promise<CycleHistoryEntry[]> {
    const rows = await this.events.find({ where: { cycleId }, order: { id: 'DESC' } });
    return rows.map((r) => ({ kind: r.kind, at: r.at, actorName: r.actorName, data: r.data }));
  }

  /** Whether someone sent a reminder now within the last `hours` hours. */
  async remindedNowWithin(cycleId: string, hours: number): Promise<boolean> {
    const since = new Date(Date.now() - hours * 3_600_000);
    return this.events.exists({
      where: { cycleId, kind: 'reminded', actorName: Not(IsNull()), at: MoreThan(since) },
    });
  }
}
