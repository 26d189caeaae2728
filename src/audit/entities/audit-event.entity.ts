import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_ACTOR_KINDS = ['user', 'api_key', 'scim_token', 'system'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

/** Field values before and after a change; only the fields that changed, redacted. */
export interface AuditChanges {
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/**
 * One change made by staff, an API key or Tandem itself: who, when, from where, what and the
 * fields it changed. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE (see the
 * migration). Actors are kept as they were named then, without a foreign key, so a row still
 * reads after the user or key is gone.
 */
@Entity('audit_events')
@Index('ix_audit_events_occurred', ['occurredAt', 'id'])
@Index('ix_audit_events_action', ['action', 'id'])
@Index('ix_audit_events_actor', ['actorUserId', 'id'])
@Index('ix_audit_events_target', ['targetType', 'targetId', 'id'])
@Check('ck_audit_events_actor_kind', `"actor_kind" IN ('user', 'api_key', 'scim_token', 'system')`)
export class AuditEvent {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_audit_events',
  })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ type: 'text' })
  actorKind: AuditActorKind;

  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  /** The actor's email when the change was made. */
  @Column({ type: 'text', nullable: true })
  actorEmail: string | null;

  /** The API key, or for actor kind `scim_token` the SCIM token, the change was made with. */
  @Column({ type: 'uuid', nullable: true })
  actorApiKeyId: string | null;

  /** The client address as the app sees it (X-Forwarded-For only from TRUSTED_PROXIES). */
  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ type: 'text', nullable: true })
  userAgent: string | null;

  /** `<area>.<verb>`, e.g. `cycle.close`, `settings.update`, `export.download`. */
  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text', nullable: true })
  targetType: string | null;

  @Column({ type: 'text', nullable: true })
  targetId: string | null;

  /** The target as people know it (a cycle's label, a user's email), when the change was made. */
  @Column({ type: 'text', nullable: true })
  targetLabel: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes: AuditChanges;

  /** What else the action did (rows imported, the file downloaded), redacted like changes. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;
}
