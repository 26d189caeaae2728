import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import type PgBoss from 'pg-boss';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { paged, Paged, pageParams } from '../common/pagination';
import type { AppConfig } from '../config/app.config';
import { queryRows } from '../database/sql';
import { JobQueue } from '../jobs/job-queue.service';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import type { WebhookPayload } from './webhook-events';
import { postWebhook } from './webhook-http';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature';
import { WebhookError, WebhookErrorCode } from './webhooks.errors';

export const WEBHOOK_QUEUE = 'webhook-deliver';
export const WEBHOOK_PRUNE_QUEUE = 'webhook-log-prune';
/** How long finished deliveries stay in the log. */
const LOG_KEEP_DAYS = 90;
const TIMEOUT_MS = 10_000;
const LOG_PAGE_SIZE = 20;

interface DeliverJob {
  deliveryId: string;
}

/** Thrown to have the job queue retry a failed attempt later (with backoff). */
class AttemptFailed extends Error {}

/**
 * Deliveries (table webhook_deliveries): one row per event and endpoint, queued on the job
 * queue, sent with a fresh signature at each attempt, retried with exponential backoff by
 * pg-boss until the retry limit, and kept as the endpoint's delivery log.
 */
@Injectable()
export class WebhookDeliveriesService implements OnModuleInit {
  private readonly logger = new Logger(WebhookDeliveriesService.name);

  constructor(
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    private readonly endpoints: WebhookEndpointsService,
    private readonly jobs: JobQueue,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    const { retryDelaySeconds, retryLimit } = this.config.get('webhooks', { infer: true });
    this.jobs.defineQueue({
      name: WEBHOOK_QUEUE,
      retryLimit,
      retryDelay: retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: 60,
    });
    this.jobs.work<DeliverJob>({
      queue: WEBHOOK_QUEUE,
      pollingIntervalSeconds: 1,
      // One slow receiver (up to the 10-second timeout) must not hold up everyone else's.
      workers: 3,
      handler: async (jobs) => {
        for (const job of jobs) await this.attempt(job);
      },
    });
    this.jobs.defineQueue({ name: WEBHOOK_PRUNE_QUEUE, policy: 'short', retryLimit: 2 });
    this.jobs.work({ queue: WEBHOOK_PRUNE_QUEUE, handler: async () => void (await this.prune()) });
    this.jobs.scheduleEvery(WEBHOOK_PRUNE_QUEUE, '41 3 * * *');
  }

  /** Deletes finished deliveries older than LOG_KEEP_DAYS (daily); returns how many. */
  async prune(): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      this.deliveries.manager,
      `DELETE FROM webhook_deliveries
        WHERE created_at < now() - make_interval(days => $1)
          AND state IN ('delivered', 'failed', 'skipped')
      RETURNING id`,
      [LOG_KEEP_DAYS],
    );
    return rows.length;
  }

  /**
   * Queues `payload` for every enabled endpoint that chose its type. The event key makes this
   * idempotent: an endpoint that already has the event gets nothing new.
   */
  async publish(eventKey: string, payload: WebhookPayload): Promise<number> {
    const endpoints = await this.endpoints.subscribedTo(payload.type);
    if (endpoints.length === 0) return 0;
    const rows = await queryRows<{ id: string }>(
      this.deliveries.manager,
      `INSERT INTO webhook_deliveries (endpoint_id, event_key, event_type, body)
       SELECT unnest($1::uuid[]), $2, $3, $4
       ON CONFLICT (endpoint_id, event_key) WHERE replay_of_id IS NULL DO NOTHING
       RETURNING id`,
      [endpoints.map((e) => e.id), eventKey, payload.type, JSON.stringify(payload)],
    );
    await this.queue(rows.map((r) => r.id));
    return rows.length;
  }

  /** Sends a delivery's body again as a new delivery (same event id, a fresh signature). */
  async replay(endpointId: string, deliveryId: string): Promise<WebhookDelivery> {
    const endpoint = await this.endpoints.get(endpointId);
    if (!endpoint.enabled) throw new WebhookError(WebhookErrorCode.ENDPOINT_DISABLED);
    const original = await this.deliveries.findOneBy({ id: deliveryId, endpointId });
    if (!original) throw new WebhookError(WebhookErrorCode.DELIVERY_NOT_FOUND);
    const copy = await this.deliveries.save(
      this.deliveries.create({
        endpointId,
        eventKey: original.eventKey,
        eventType: original.eventType,
        body: original.body,
        replayOfId: original.replayOfId ?? original.id,
      }),
    );
    await this.audit.record(
      'webhook.replay',
      { type: 'webhook', id: endpoint.id, label: endpoint.url },
      { details: { eventType: copy.eventType, replayOf: original.id, delivery: copy.id } },
    );
    await this.queue([copy.id]);
    return copy;
  }

  /** The endpoint's delivery log, newest first. */
  async log(endpointId: string, page: unknown): Promise<Paged<WebhookDelivery>> {
    const { page: n, skip, take } = pageParams(page, LOG_PAGE_SIZE);
    const [items, total] = await this.deliveries.findAndCount({
      where: { endpointId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip,
      take,
    });
    return paged(items, total, n, LOG_PAGE_SIZE);
  }

  /** Counts per endpoint of deliveries that are delivered, failed or still on their way. */
  async tallies(): Promise<Map<string, Record<'delivered' | 'failed' | 'waiting', number>>> {
    const rows = await queryRows<{
      endpoint_id: string;
      delivered: number;
      failed: number;
      waiting: number;
    }>(
      this.deliveries.manager,
      `SELECT endpoint_id,
              count(*) FILTER (WHERE state = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE state = 'failed')::int AS failed,
              count(*) FILTER (WHERE state IN ('pending', 'retrying'))::int AS waiting
         FROM webhook_deliveries GROUP BY endpoint_id`,
    );
    return new Map(rows.map((r) => [r.endpoint_id, r]));
  }

  private async queue(ids: string[]): Promise<void> {
    await this.jobs.sendMany<DeliverJob>(
      WEBHOOK_QUEUE,
      ids.map((deliveryId) => ({ data: { deliveryId }, key: deliveryId })),
    );
  }

  /** One attempt; throws (for a retry) while the queue's retries last. */
  private async attempt(job: PgBoss.JobWithMetadata<DeliverJob>): Promise<void> {
    const delivery = await this.deliveries.findOne({
      where: { id: job.data.deliveryId },
      relations: { endpoint: true },
    });
    if (!delivery || delivery.state === 'delivered') return; // deleted with its endpoint, or done
    const { endpoint } = delivery;
    if (!endpoint.enabled) {
      await this.deliveries.update(delivery.id, {
        state: 'skipped',
        error: 'Not sent: the endpoint is disabled.',
      });
      return;
    }
    let secret: string;
    try {
      secret = this.endpoints.signingSecret(endpoint);
    } catch {
      // Not a passing fault: retrying cannot help, so the delivery fails now with the reason.
      await this.deliveries.update(delivery.id, {
        state: 'failed',
        error:
          'Not sent: the signing secret cannot be opened with this RESPONSE_KEY. Register the endpoint again.',
      });
      return;
    }
    const at = new Date();
    const result = await postWebhook(
      endpoint.url,
      delivery.body,
      {
        'Content-Type': 'application/json',
        'User-Agent': 'Tandem-Webhooks/1',
        'Tandem-Event': delivery.eventType,
        'Tandem-Delivery': delivery.id,
        [SIGNATURE_HEADER]: signatureHeader(secret, delivery.body, at),
      },
      this.endpoints.policy,
      { timeoutMs: TIMEOUT_MS, extraCa: this.config.get('webhooks', { infer: true }).extraCa },
    );
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const lastTry = job.retryCount >= job.retryLimit;
    await this.deliveries.update(delivery.id, {
      state: ok ? 'delivered' : lastTry ? 'failed' : 'retrying',
      attempts: () => 'attempts + 1',
      responseStatus: result.status,
      error: ok ? null : (result.error ?? `The endpoint answered ${result.status}.`),
      durationMs: result.durationMs,
      lastAttemptAt: at,
      deliveredAt: ok ? new Date() : null,
    });
    if (ok || lastTry) {
      if (!ok) this.logger.warn(`Webhook delivery ${delivery.id} failed after its last attempt`);
      return;
    }
    throw new AttemptFailed(`Webhook delivery ${delivery.id}: ${result.error ?? result.status}`);
  }
}
