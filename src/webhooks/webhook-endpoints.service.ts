import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { ArrayContains, Repository } from 'typeorm';
import type { AppConfig } from '../config/app.config';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import type { WebhookEventType } from './webhook-events';
import { newSecret, SecretBox, secretHint } from './webhook-secrets';
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
  private readonly box: SecretBox;
  readonly policy: TargetPolicy;

  constructor(
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    config: ConfigService<AppConfig, true>,
  ) {
    this.box = new SecretBox(config.get('privacy', { infer: true }).responseKey);
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
    const result = await this.endpoints.update({ id }, { enabled });
    if (!result.affected) throw new WebhookError(WebhookErrorCode.ENDPOINT_NOT_FOUND);
    return this.get(id);
  }

  /** Deletes the endpoint and its delivery log; queued deliveries find nothing to send. */
  async remove(id: string): Promise<void> {
    const result = await this.endpoints.delete({ id });
    if (!result.affected) throw new WebhookError(WebhookErrorCode.ENDPOINT_NOT_FOUND);
  }

  /** Enabled endpoints that chose this event. */
  subscribedTo(type: WebhookEventType): Promise<WebhookEndpoint[]> {
    return this.endpoints.findBy({ enabled: true, events: ArrayContains([type]) });
  }

  signingSecret(endpoint: WebhookEndpoint): string {
    return this.box.open(endpoint.id, endpoint.secretSealed);
  }
}
