import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { ArrayContains, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app.config';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import type { WebhookEventType } from './webhook-events';
import { newSecret, secretHint, WebhookSecretBox } from './webhook-secrets';
import { checkTarget, TargetPolicy, TargetRefused } from './webhook-target';
import { WebhookError, WebhookErrorCode } from './webhooks.errors';

export interface EndpointInput {
  url: string;
  events: WebhookEventType[];
  description?: string;
}

/** The receivers admins register (table webhook_endpoints) and their signing secrets. */
@Injectable()
export class WebhookEndpointsService {
  private readonly box: WebhookSecretBox;
  readonly policy: TargetPolicy;

  constructor(
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    config: ConfigService<AppConfig, true>,
    private readonly audit: AuditService,
  ) {
    this.box = new WebhookSecretBox(config.get('privacy', { infer: true }).responseKey);
    this.policy = { allowLoopback: config.get('webhooks', { infer: true }).allowLoopback };
  }

  /** Registers an endpoint; its secret is returned this once and kept only sealed. */
  async create(
    input: EndpointInput,
    createdByName: string | null,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const url = await checkTarget(input.url, this.policy).catch((error: unknown) => {
      if (error instanceof TargetRefused)
        throw new WebhookError(WebhookErrorCode.URL_REFUSED, error.message);
      throw error;
    });
    const id = randomUUID();
    const secret = newSecret();
    const endpoint = await this.endpoints.save(
      this.endpoints.create({
        id,
        url: url.toString(),
        description: input.description?.trim() ?? '',
        events: [...new Set(input.events)],
        secretSealed: this.box.seal(id, secret),
        secretHint: secretHint(secret),
        createdByName,
      }),
    );
    await this.audit.record('webhook.create', endpointTarget(endpoint), {
      after: auditedEndpoint(endpoint),
    });
    return { endpoint, secret };
  }

  list(): Promise<WebhookEndpoint[]> {
    return this.endpoints.find({ order: { createdAt: 'DESC', id: 'ASC' } });
  }

  async get(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.findOneBy({ id });
    if (!endpoint) throw new WebhookError(WebhookErrorCode.ENDPOINT_NOT_FOUND);
    return endpoint;
  }

  async setEnabled(id: string, enabled: boolean): Promise<WebhookEndpoint> {
    const before = await this.get(id);
    await this.endpoints.update({ id }, { enabled });
    const after = await this.get(id);
    await this.audit.record(enabled ? 'webhook.enable' : 'webhook.disable', endpointTarget(after), {
      before: { enabled: before.enabled },
      after: { enabled: after.enabled },
    });
    return after;
  }

  /** Deletes the endpoint and its delivery log; queued deliveries find nothing to send. */
  async remove(id: string): Promise<void> {
    const endpoint = await this.get(id);
    const result = await this.endpoints.delete({ id });
    if (!result.affected) throw new WebhookError(WebhookErrorCode.ENDPOINT_NOT_FOUND);
    await this.audit.record('webhook.delete', endpointTarget(endpoint), {
      before: auditedEndpoint(endpoint),
    });
  }

  /** Enabled endpoints that chose this event. */
  subscribedTo(type: WebhookEventType): Promise<WebhookEndpoint[]> {
    return this.endpoints.findBy({ enabled: true, events: ArrayContains([type]) });
  }

  signingSecret(endpoint: WebhookEndpoint): string {
    return this.box.open(endpoint.id, endpoint.secretSealed);
  }
}

const endpointTarget = (e: WebhookEndpoint) => ({ type: 'webhook', id: e.id, label: e.url });

/** An endpoint as the audit log keeps it: never its secret. */
const auditedEndpoint = (e: WebhookEndpoint) => ({
  url: e.url,
  events: e.events,
  description: e.description,
  enabled: e.enabled,
});
