import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { WebhookEventType } from '../webhook-events';
import { WebhookEndpoint } from './webhook-endpoint.entity';

export const DELIVERY_STATES = ['pending', 'retrying', 'delivered', 'failed', 'skipped'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * One event sent (or to be sent) to one endpoint, with the exact body that is signed and what
 * the last attempt got back. A replay is a new row pointing at the delivery it repeats; the
 * first delivery of an event to an endpoint is unique, so a repeated emission queues nothing.
 */
@Entity('webhook_deliveries')
@Index('ix_webhook_deliveries_endpoint', ['endpointId', 'createdAt'])
@Index('uq_webhook_deliveries_event', ['endpointId', 'eventKey'], {
  unique: true,
  where: '"replay_of_id" IS NULL',
})
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_deliveries' })
  id: string;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_webhook_deliveries_endpoint' })
  endpoint: WebhookEndpoint;

  @Column({ type: 'uuid' })
  endpointId: string;

  /** What happened once, e.g. `cycle.closed:<cycle id>`: the same event is delivered once. */
  @Column({ type: 'text' })
  eventKey: string;

  @Column({ type: 'text' })
  eventType: WebhookEventType;

  /** The JSON body exactly as sent and signed. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'uuid', nullable: true })
  replayOfId: string | null;

  @Column({ type: 'text', default: 'pending' })
  state: DeliveryState;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'integer', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'integer', nullable: true })
  durationMs: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
