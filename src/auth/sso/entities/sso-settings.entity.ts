import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { RoleMappingRule } from '../role-mapping';

/** The one OpenID Connect provider people may sign in with. One row (id 1), made by the migration. */
@Entity('sso_settings')
@Check('ck_sso_settings_single_row', `id = 1`)
export class SsoSettingsRow {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_sso_settings' })
  id: number;

  @Column({ type: 'boolean', default: false })
  enabled: boolean;

  /** What the sign-in button says: "Sign in with <displayName>". */
  @Column({ type: 'text', default: '' })
  displayName: string;

  @Column({ type: 'text', default: '' })
  issuerUrl: string;

  @Column({ type: 'text', default: '' })
  clientId: string;

  /** AES-256-GCM under a key derived from RESPONSE_KEY; null for a public client (PKCE only). */
  @Column({ type: 'text', nullable: true })
  clientSecretSealed: string | null;

  @Column({ type: 'text', default: 'openid email profile' })
  scopes: string;

  /** Lower-case domains whose addresses may sign in (and be created); empty: nobody. */
  @Column({ type: 'text', array: true, default: '{}' })
  allowedDomains: string[];

  /** The claim whose value(s) the role mapping reads, e.g. "groups". */
  @Column({ type: 'text', default: 'groups' })
  roleClaim: string;

  @Column({ type: 'jsonb', default: '[]' })
  roleMapping: RoleMappingRule[];

  /** Password sign-in off for everyone but the break-glass administrators. */
  @Column({ type: 'boolean', default: false })
  ssoOnly: boolean;

  @Column({ type: 'text', array: true, default: '{}' })
  breakGlassEmails: string[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
