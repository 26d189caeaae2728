import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app.config';
import { CycleEvents } from '../cycles/cycle-events';
import { CyclesService } from '../cycles/cycles.service';
import { UnitsService } from '../directory/units.service';
import {
  FollowThroughEvents,
  FollowUpFacts,
  PlanSharedFacts,
} from '../follow-through/follow-through-events';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { buildPayload } from './webhook-events';

/**
 * Turns the events of cycles and follow-through into webhook deliveries. Each payload is built
 * from the event type's allow-list (webhook-events.ts), never from the facts as a whole.
 */
@Injectable()
export class WebhookPublisher implements OnModuleInit {
  private readonly appUrl: string;

  constructor(
    private readonly cycleEvents: CycleEvents,
    private readonly followThroughEvents: FollowThroughEvents,
    private readonly cycles: CyclesService,
    private readonly units: UnitsService,
    private readonly deliveries: WebhookDeliveriesService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.appUrl = config.get('appUrl', { infer: true });
  }

  onModuleInit(): void {
    this.cycleEvents.onOpened(({ cycleId, openedAt }) => this.cycleOpened(cycleId, openedAt));
    // Close listeners must be idempotent: the event key queues each endpoint's delivery once.
    this.cycleEvents.onClosed(({ cycleId, closedAt }) => this.cycleClosed(cycleId, closedAt));
    this.followThroughEvents.onFollowUpOpened((facts) => this.followUp('opened', facts));
    this.followThroughEvents.onFollowUpResolved((facts) => this.followUp('resolved', facts));
    this.followThroughEvents.onPlanShared((facts) => this.planShared(facts));
  }

  private async cycleOpened(cycleId: string, openedAt: Date): Promise<void> {
    const [cycle] = await this.cycles.summaries([cycleId]);
    if (!cycle) return;
    const facts = { ...this.cycleFacts(cycle), closesAt: cycle.closesAt };
    const key = `cycle.opened:${cycleId}`;
    await this.deliveries.publish(key, buildPayload('cycle.opened', key, openedAt, facts));
  }

  private async cycleClosed(cycleId: string, closedAt: Date): Promise<void> {
    const [cycle] = await this.cycles.summaries([cycleId]);
    if (!cycle || cycle.imported) return;
    const facts = { ...this.cycleFacts(cycle), closedAt };
    const key = `cycle.closed:${cycleId}`;
    await this.deliveries.publish(key, buildPayload('cycle.closed', key, closedAt, facts));
  }

  private cycleFacts(cycle: Awaited<ReturnType<CyclesService['summaries']>>[number]) {
    return {
      cycleId: cycle.id,
      name: cycle.name,
      periodLabel: cycle.label,
      opensAt: cycle.opensAt,
      url: `${this.appUrl}/admin/cycles/${cycle.id}`,
    };
  }

  private async followUp(kind: 'opened' | 'resolved', facts: FollowUpFacts): Promise<void> {
    const [unit] = await this.units.summariesByIds([facts.unitId]);
    const data = {
      ...facts,
      unitName: unit?.name ?? null,
      url: `${this.appUrl}/follow-ups/${facts.followUpId}`,
    };
    if (kind === 'opened') {
      const key = `follow_up.opened:${facts.followUpId}`;
      await this.deliveries.publish(
        key,
        buildPayload('follow_up.opened', key, facts.openedAt, data),
      );
      return;
    }
    const resolvedAt = facts.resolvedAt ?? new Date();
    const key = `follow_up.resolved:${facts.followUpId}`;
    await this.deliveries.publish(
      key,
      buildPayload('follow_up.resolved', key, resolvedAt, { ...data, resolvedAt }),
    );
  }

  private async planShared(facts: PlanSharedFacts): Promise<void> {
    const [[unit], [cycle]] = await Promise.all([
      this.units.summariesByIds([facts.unitId]),
      this.cycles.summaries([facts.cycleId]),
    ]);
    const key = `action_plan.shared:${facts.planId}:${facts.round}`;
    const data = {
      ...facts,
      unitName: unit?.name ?? null,
      periodLabel: cycle?.label ?? null,
      url: `${this.appUrl}/action-plans/${facts.planId}`,
    };
    await this.deliveries.publish(
      key,
      buildPayload('action_plan.shared', key, facts.sharedAt, data),
    );
  }
}
