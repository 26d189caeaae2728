import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { SecretBox } from '../../common/secret-box';
import { AppConfig } from '../../config/app.config';
import { UsersService } from '../users.service';
import { SsoSettingsRow } from './entities/sso-settings.entity';
import { checkIssuerUrl } from './issuer-url';
import type { RoleMappingRule } from './role-mapping';
import { SsoClientService } from './sso-client.service';
import { SsoError, SsoErrorCode } from './sso.errors';

/** The single sign-on settings as pages show them: the client secret only as set or not. */
export interface SsoSettings {
  enabled: boolean;
  displayName: string;
  issuerUrl: string;
  clientId: string;
  clientSecretSet: boolean;
  scopes: string;
  allowedDomains: string[];
  roleClaim: string;
  roleMapping: RoleMappingRule[];
  ssoOnly: boolean;
  breakGlassEmails: string[];
}

/** What the sign-in flow needs of a provider that is switched on. */
export interface ActiveSso {
  displayName: string;
  issuerUrl: string;
  clientId: string;
  clientSecret: string | null;
  scopes: string;
  allowedDomains: string[];
  roleClaim: string;
  roleMapping: RoleMappingRule[];
}

/** A change from the admin page: `clientSecret` undefined keeps the stored one, null removes it. */
export interface SsoSettingsChange {
  enabled: boolean;
  displayName: string;
  issuerUrl: string;
  clientId: string;
  clientSecret?: string | null;
  scopes: string;
  allowedDomains: string[];
  roleClaim: string;
  roleMapping: RoleMappingRule[];
  ssoOnly: boolean;
  breakGlassEmails: string[];
}

const ROW_ID = 1;
/** Authenticated with the sealed secret: a value sealed for another row does not open here. */
const SECRET_CONTEXT = 'sso_settings:1';

/**
 * The field values the audit log keeps. `clientSecret` is the sealed value, compared to tell a
 * change and always stored as "[redacted]" (its name marks it a secret).
 */
const audited = (row: SsoSettingsRow) => ({
  enabled: row.enabled,
  displayName: row.displayName,
  issuerUrl: row.issuerUrl,
  clientId: row.clientId,
  clientSecret: row.clientSecretSealed,
  scopes: row.scopes,
  allowedDomains: row.allowedDomains,
  roleClaim: row.roleClaim,
  roleMapping: row.roleMapping,
  ssoOnly: row.ssoOnly,
  breakGlassEmails: row.breakGlassEmails,
});

/** Single sign-on settings (table sso_settings, one row) and the rules for changing them. */
@Injectable()
export class SsoSettingsService {
  private readonly box: SecretBox;
  private readonly allowLoopback: boolean;

  constructor(
    @InjectRepository(SsoSettingsRow) private readonly rows: Repository<SsoSettingsRow>,
    private readonly users: UsersService,
    private readonly clients: SsoClientService,
    private readonly audit: AuditService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.box = new SecretBox(
      config.get('privacy', { infer: true }).responseKey,
      'single sign-on client secret',
    );
    this.allowLoopback = config.get('sso', { infer: true }).allowLoopbackIssuer;
  }

  async get(): Promise<SsoSettings> {
    const row = await this.row();
    return {
      enabled: row.enabled,
      displayName: row.displayName,
      issuerUrl: row.issuerUrl,
      clientId: row.clientId,
      clientSecretSet: row.clientSecretSealed !== null,
      scopes: row.scopes,
      allowedDomains: row.allowedDomains,
      roleClaim: row.roleClaim,
      roleMapping: row.roleMapping,
      ssoOnly: row.ssoOnly,
      breakGlassEmails: row.breakGlassEmails,
    };
  }

  /** The provider to sign in with, or null while single sign-on is off. */
  async active(): Promise<ActiveSso | null> {
    const row = await this.row();
    if (!row.enabled) return null;
    return {
      displayName: row.displayName,
      issuerUrl: row.issuerUrl,
      clientId: row.clientId,
      clientSecret: row.clientSecretSealed
        ? this.box.open(SECRET_CONTEXT, row.clientSecretSealed)
        : null,
      scopes: row.scopes,
      allowedDomains: row.allowedDomains,
      roleClaim: row.roleClaim,
      roleMapping: row.roleMapping,
    };
  }

  /**
   * Who may still sign in with a password: null while password sign-in is open to everyone
   * (SSO-only off), else the break-glass administrators' addresses.
   */
  async passwordSignInOnlyFor(): Promise<ReadonlySet<string> | null> {
    const row = await this.row();
    return row.enabled && row.ssoOnly ? new Set(row.breakGlassEmails) : null;
  }

  async update(change: SsoSettingsChange): Promise<SsoSettings> {
    const row = await this.row();
    const before = audited(row);
    const issuerUrl = change.issuerUrl.trim()
      ? checkIssuerUrl(change.issuerUrl, this.allowLoopback)
      : '';
    if (!/(^|\s)openid(\s|$)/.test(change.scopes))
      throw new SsoError(SsoErrorCode.SCOPES_NEED_OPENID);
    if (change.enabled && (!change.displayName || !issuerUrl || !change.clientId))
      throw new SsoError(SsoErrorCode.INCOMPLETE);
    if (change.enabled && change.allowedDomains.length === 0)
      throw new SsoError(SsoErrorCode.NO_DOMAINS);
    if (change.ssoOnly && !change.enabled) throw new SsoError(SsoErrorCode.SSO_ONLY_NEEDS_SSO);
    if (change.ssoOnly && change.breakGlassEmails.length === 0)
      throw new SsoError(SsoErrorCode.SSO_ONLY_NEEDS_BREAK_GLASS);
    await this.assertBreakGlassAdmins(change.breakGlassEmails);
    if (change.enabled) {
      const discovered = await this.clients.check(issuerUrl, this.allowLoopback);
      if (!discovered) throw new SsoError(SsoErrorCode.DISCOVERY_FAILED);
    }

    row.enabled = change.enabled;
    row.displayName = change.displayName;
    row.issuerUrl = issuerUrl;
    row.clientId = change.clientId;
    if (change.clientSecret === null) row.clientSecretSealed = null;
    else if (change.clientSecret !== undefined)
      row.clientSecretSealed = this.box.seal(SECRET_CONTEXT, change.clientSecret);
    row.scopes = change.scopes;
    row.allowedDomains = change.allowedDomains;
    row.roleClaim = change.roleClaim;
    row.roleMapping = change.roleMapping;
    row.ssoOnly = change.ssoOnly;
    row.breakGlassEmails = change.breakGlassEmails;
    await this.rows.manager.transaction(async (manager) => {
      await manager.getRepository(SsoSettingsRow).save(row);
      await this.audit.record(
        'settings.sso_update',
        { type: 'sso_settings', id: String(ROW_ID), label: row.displayName || 'Single sign-on' },
        { manager, before, after: audited(row) },
      );
    });
    this.clients.forget();
    return this.get();
  }

  /** The redirect URI to register at the provider. */
  callbackUrl(appUrl: string): string {
    return `${appUrl}/login/sso/callback`;
  }

  private async assertBreakGlassAdmins(emails: readonly string[]): Promise<void> {
    const bad: string[] = [];
    for (const email of emails) {
      const user = await this.users.findByEmail(email);
      if (!user || user.role !== 'admin' || user.disabledAt || !user.passwordHash) bad.push(email);
    }
    if (bad.length > 0) throw new SsoError(SsoErrorCode.BREAK_GLASS_NOT_ADMIN, { emails: bad });
  }

  private async row(): Promise<SsoSettingsRow> {
    return this.rows.findOneOrFail({ where: { id: ROW_ID } });
  }
}
