import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { canonicalTimeZone, DEFAULT_TIME_ZONE } from '../common/time-zone';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app.config';
import { CompanySettingsRow } from './entities/company-settings.entity';
import { checkLogo, LogoImage } from './logo-image';
import { SettingsError, SettingsErrorCode } from './settings.errors';

/** What pages, respondent pages and mail need to know about the company. */
export interface CompanySettings {
  /** Null until named (here or by COMPANY_NAME): then nothing names the company. */
  companyName: string | null;
  mailSenderName: string | null;
  mailReplyTo: string | null;
  timeZone: string;
  defaultLanguage: string;
  /** The uploaded logo: its type and a versioned path (`/company/logo/<version>`). */
  logo: { type: string; etag: string; path: string } | null;
  updatedAt: Date | null;
}

/** A change to the settings: a key left out keeps its value; null clears it. */
export interface SettingsChange {
  companyName?: string | null;
  mailSenderName?: string | null;
  mailReplyTo?: string | null;
  timeZone?: string;
  defaultLanguage?: string;
  /** The image bytes; null removes the logo. */
  logo?: Buffer | null;
}

export const LOGO_PATH = '/company/logo';
/** Hex digits of the logo's hash in its versioned URL, `/company/logo/<version>`. */
export const LOGO_VERSION_LENGTH = 16;
/** How long another instance may show settings an admin has just changed. */
const FRESH_MS = 5_000;
const ROW_ID = 1;

/**
 * The company settings (one row, see CompanySettingsRow). Pages and mail read a snapshot that
 * this instance refreshes at most every few seconds, so a busy page costs no query, and a change
 * made on another instance shows here within FRESH_MS.
 */
@Injectable()
export class SettingsService implements OnModuleInit {
  private readonly logger = new Logger(SettingsService.name);
  private readonly fallbackName: string | null;
  private snapshot: CompanySettings;
  private loadedAt = 0;
  private loading?: Promise<CompanySettings>;
  private logoCache?: LogoImage;

  constructor(
    @InjectRepository(CompanySettingsRow) private readonly rows: Repository<CompanySettingsRow>,
    config: ConfigService<AppConfig, true>,
    private readonly audit: AuditService,
  ) {
    this.fallbackName = config.get('companyName', { infer: true }) ?? null;
    this.snapshot = {
      companyName: this.fallbackName,
      mailSenderName: null,
      mailReplyTo: null,
      timeZone: DEFAULT_TIME_ZONE,
      defaultLanguage: 'en',
      logo: null,
      updatedAt: null,
    };
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
  }

  /** The settings as this instance last read them (refreshed in the background when stale). */
  current(): CompanySettings {
    if (Date.now() - this.loadedAt > FRESH_MS && !this.loading)
      this.refresh().catch((error: unknown) =>
        this.logger.warn(`Could not reload the settings: ${String(error)}`),
      );
    return this.snapshot;
  }

  /** The settings, read again when the snapshot is older than a few seconds. */
  async get(): Promise<CompanySettings> {
    if (Date.now() - this.loadedAt <= FRESH_MS) return this.snapshot;
    return this.refresh();
  }

  async update(change: SettingsChange): Promise<CompanySettings> {
    const patch: Partial<CompanySettingsRow> = {};
    if (change.companyName !== undefined) patch.companyName = blankToNull(change.companyName);
    if (change.mailSenderName !== undefined)
      patch.mailSenderName = blankToNull(change.mailSenderName);
    if (change.mailReplyTo !== undefined) patch.mailReplyTo = blankToNull(change.mailReplyTo);
    if (change.defaultLanguage !== undefined) patch.defaultLanguage = change.defaultLanguage;
    if (change.timeZone !== undefined) {
      const zone = canonicalTimeZone(change.timeZone);
      if (!zone) throw new SettingsError(SettingsErrorCode.TIME_ZONE_UNKNOWN);
      patch.timeZone = zone;
    }
    if (change.logo === null) Object.assign(patch, { logo: null, logoType: null, logoEtag: null });
    else if (change.logo !== undefined) {
      const logo = checkLogo(change.logo);
      Object.assign(patch, { logo: logo.data, logoType: logo.type, logoEtag: logo.etag });
    }
    if (Object.keys(patch).length === 0) return this.reload();
    const before = await this.reload();
    await this.rows.update({ id: ROW_ID }, patch);
    const after = await this.reload();
    await this.audit.record(
      'settings.update',
      { type: 'settings', id: String(ROW_ID) },
      {
        before: auditedFields(before),
        after: auditedFields(after),
      },
    );
    return after;
  }

  /**
   * The demo company names itself, unless an admin has named the company already (or a
   * previous demo did): loading the demo never renames a real company.
   */
  async nameDemoCompany(name: string): Promise<void> {
    await this.rows
      .createQueryBuilder()
      .update()
      .set({ companyName: name })
      .where('id = :id AND company_name IS NULL', { id: ROW_ID })
      .execute();
    await this.reload();
  }

  /** The logo's bytes (kept in memory by version), or an error when there is none. */
  async logo(): Promise<LogoImage> {
    const settings = await this.get();
    if (!settings.logo) throw new SettingsError(SettingsErrorCode.NO_LOGO);
    if (this.logoCache?.etag === settings.logo.etag) return this.logoCache;
    const row = await this.rows.findOne({
      where: { id: ROW_ID },
      select: { id: true, logo: true, logoType: true, logoEtag: true },
    });
    if (!row?.logo || !row.logoEtag) throw new SettingsError(SettingsErrorCode.NO_LOGO);
    this.logoCache = {
      data: row.logo,
      type: row.logoType as LogoImage['type'],
      etag: row.logoEtag,
    };
    return this.logoCache;
  }

  /** A read that starts after a write: one already in flight may have missed it. */
  private async reload(): Promise<CompanySettings> {
    await this.loading?.catch(() => undefined);
    return this.refresh();
  }

  private refresh(): Promise<CompanySettings> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<CompanySettings> {
    const row = await this.rows.findOne({
      where: { id: ROW_ID },
      select: {
        id: true,
        companyName: true,
        logoType: true,
        logoEtag: true,
        mailSenderName: true,
        mailReplyTo: true,
        timeZone: true,
        defaultLanguage: true,
        updatedAt: true,
      },
    });
    this.snapshot = {
      companyName: row?.companyName ?? this.fallbackName,
      mailSenderName: row?.mailSenderName ?? null,
      mailReplyTo: row?.mailReplyTo ?? null,
      timeZone: row?.timeZone ?? DEFAULT_TIME_ZONE,
      defaultLanguage: row?.defaultLanguage ?? 'en',
      logo:
        row?.logoEtag && row.logoType
          ? {
              type: row.logoType,
              etag: row.logoEtag,
              path: `${LOGO_PATH}/${row.logoEtag.slice(0, LOGO_VERSION_LENGTH)}`,
            }
          : null,
      updatedAt: row?.updatedAt ?? null,
    };
    this.loadedAt = Date.now();
    return this.snapshot;
  }
}

/** The settings as the audit log shows them: the logo by its version, never its bytes. */
function auditedFields(s: CompanySettings): Record<string, unknown> {
  return {
    companyName: s.companyName,
    mailSenderName: s.mailSenderName,
    mailReplyTo: s.mailReplyTo,
    timeZone: s.timeZone,
    defaultLanguage: s.defaultLanguage,
    logo: s.logo?.etag.slice(0, LOGO_VERSION_LENGTH) ?? null,
  };
}

function blankToNull(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}
