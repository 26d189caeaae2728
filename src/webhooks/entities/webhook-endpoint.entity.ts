import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { WebhookEventType } from '../webhook-events';

/**
 * A receiver an admin registered: where to POST, which events, and its signing secret. The
 * secret is kept sealed (AES-256-GCM under a key derived from RESPONSE_KEY, see
 * webhook-secrets.ts), never in clear: it must be read back to sign, so it cannot be hashed.
 */
@Entity('webhook_endpoints')
export class WebhookEndpoint {
  /** Chosen before insert: the sealed secret is bound to it. */
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_webhook_endpoints' })
  id: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text', array: true })
  events: WebhookEventType[];

  @Column({ type: 'text' })
  secretSealed: string;

  /** The secret's first characters, to recognise it. */
  @Column({ type: 'text' })
  secretHint: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'text', nullable: true })
  createdByName: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
