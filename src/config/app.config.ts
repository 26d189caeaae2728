import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';
import { PROJECT_ROOT } from './project-root';

const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** Environment variables Tandem reads. Every one is optional: the defaults make `npm start` work. */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: string = 'development';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsOptional()
  @IsString()
  HOST: string = '0.0.0.0';

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, {
    message: 'must be an http(s) URL such as https://surveys.example.com',
  })
  APP_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'must be a postgres:// connection URL',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT: number = 54329;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^smtps?:\/\/\S+$/, {
    message: 'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587',
  })
  SMTP_URL?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  SMTP_POOL_SIZE: number = 5;

  /** How long an invitation being sent is left alone by other instances; renewed while held. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(600)
  DELIVERY_LEASE_SECONDS: number = 30;

  /** A reminder sent "now" skips anyone mailed (invitation or reminder) within this many hours. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(336)
  REMINDER_GAP_HOURS: number = 24;

  @IsOptional()
  @IsString()
  @MinLength(3)
  MAIL_FROM: string = 'Tandem surveys <surveys@tandem.localhost>';

  /** The company's name until an admin sets one on the settings page. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  COMPANY_NAME?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, {
    message: 'must be at least 32 characters',
  })
  SESSION_SECRET?: string;

  /** Proxies whose X-Forwarded-For is believed: comma-separated addresses or CIDR ranges. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  TRUSTED_PROXIES?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, {
    message: 'must be at least 32 characters',
  })
  RESPONSE_KEY?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(3, { message: 'must be an integer of at least 3' })
  ANONYMITY_MIN: number = 5;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(3)
  COMMENT_MIN: number = 10;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  MIN_CUSTOMER_RESPONSES: number = 5;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60)
  FOLLOW_UP_DUE_BUSINESS_DAYS: number = 2;

  /** Cost of one leaver (hiring, training, lost output) in the company's currency; unset: none. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' })
  @Min(0)
  LEAVER_COST?: number;

  @IsOptional()
  @IsString()
  DATA_DIR: string = 'var';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsEmail()
  ADMIN_EMAIL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(12, {
    message: 'must be at least 12 characters',
  })
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  JOBS_ENABLED: boolean = true;

  /** Tests and local development only: webhooks may go to loopback addresses, over http too. */
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  WEBHOOK_ALLOW_LOOPBACK: boolean = false;

  /** Tests and local development only: an OpenID provider at a loopback address, over http. */
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  SSO_ALLOW_LOOPBACK_ISSUER: boolean = false;

  /** First retry delay of a failed webhook delivery; each further retry waits about twice as long. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  WEBHOOK_RETRY_DELAY_SECONDS: number = 30;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(20)
  WEBHOOK_RETRY_LIMIT: number = 8;

  /** A PEM file of certificates trusted for webhook endpoints besides the usual public roots. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  WEBHOOK_CA_FILE?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: string = 'log';

  /** `json`: one JSON object per log line, with the request id of request-scoped lines. */
  @IsOptional()
  @IsIn(['text', 'json'])
  LOG_FORMAT: string = 'text';

  /** Bearer token a Prometheus scraper sends for /metrics; unset, /metrics on PORT is off. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @Matches(/^[\x21-\x7e]{32,}$/, {
    message: 'must be at least 32 printable characters without spaces',
  })
  METRICS_TOKEN?: string;

  /** A separate listener for /metrics (on METRICS_HOST); /metrics on PORT is then off. */
  @IsOptional()
  @Transform(emptyToUndefined)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  METRICS_PORT?: number;

  @IsOptional()
  @IsString()
  METRICS_HOST: string = '127.0.0.1';
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  appUrl: string;
  dataDir: string;
  /** COMPANY_NAME: the name until the settings page sets one; unset, pages leave it out. */
  companyName?: string;
  /** Unset: instances generate one at start and share it through the database. */
  sessionSecret?: string;
  /** Peers allowed to name the client address in X-Forwarded-For; empty trusts none. */
  trustedProxies: string[];
  logLevel: string;
  /** LOG_FORMAT: `text` for people at a console, `json` for log collectors. */
  logFormat: 'text' | 'json';
  /**
   * Where /metrics is served: on `port` (at `host`) when set, else on PORT to holders of
   * `token`; neither, it is off. A set token is required on either.
   */
  metrics: { token?: string; port?: number; host: string };
  jobsEnabled: boolean;
  database: { url?: string; embeddedPort: number };
  mail: {
    smtpUrl?: string;
    poolSize: number;
    from: string;
    outboxDir: string;
    /** Seconds a claimed invitation stays leased without a heartbeat. */
    leaseSeconds: number;
    /** Hours within which a reminder sent now never reaches the same person twice. */
    reminderGapHours: number;
  };
  privacy: {
    anonymityMin: number;
    commentMin: number;
    minCustomerResponses: number;
    /** Seals employee answers until their cycle closes; never stored in the database. */
    responseKey: string;
  };
  followUp: { dueBusinessDays: number };
  webhooks: {
    allowLoopback: boolean;
    retryDelaySeconds: number;
    retryLimit: number;
    /** WEBHOOK_CA_FILE's certificates (PEM), trusted besides the public roots. */
    extraCa?: string;
  };
  /** Single sign-on: whether an http issuer on a loopback address is accepted (never in production). */
  sso: { allowLoopbackIssuer: boolean };
  /** LEAVER_COST: prices the turnover gap between top- and bottom-quartile units; null = unset */
  analysis: { leaverCost: number | null };
  admin: { email?: string; password?: string };
}

export class ConfigError extends Error {}

function describe(errors: ValidationError[]): string {
  const first = errors[0];
  const messages = Object.values(first.constraints ?? {});
  return `Invalid configuration: ${first.property} ${messages[0] ?? 'is invalid'} (got "${String(first.value)}")`;
}

/** Reads, validates and shapes the environment. Throws ConfigError with one clear line. */
export function loadConfig(raw: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const picked: Record<string, unknown> = {};
  for (const key of [
    ...known,
    'APP_URL',
    'DATABASE_URL',
    'SMTP_URL',
    'SESSION_SECRET',
    'TRUSTED_PROXIES',
    'RESPONSE_KEY',
    'ADMIN_EMAIL',
    'ADMIN_PASSWORD',
    'LEAVER_COST',
    'COMPANY_NAME',
    'WEBHOOK_CA_FILE',
    'METRICS_TOKEN',
    'METRICS_PORT',
  ]) {
    if (raw[key] !== undefined) picked[key] = raw[key];
  }
  const env = plainToInstance(EnvironmentVariables, picked, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) throw new ConfigError(describe(errors));
  if (env.COMMENT_MIN < env.ANONYMITY_MIN) {
    throw new ConfigError(
      `Invalid configuration: COMMENT_MIN must be at least ANONYMITY_MIN (${env.ANONYMITY_MIN}), got ${env.COMMENT_MIN}`,
    );
  }
  if (env.WEBHOOK_ALLOW_LOOPBACK && env.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration: WEBHOOK_ALLOW_LOOPBACK is for tests and development, not production',
    );
  }
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT) {
    throw new ConfigError(
      `Invalid configuration: METRICS_PORT must differ from PORT (both are ${env.PORT})`,
    );
  }
  if (env.SSO_ALLOW_LOOPBACK_ISSUER && env.NODE_ENV === 'production') {
    throw new ConfigError(
      'Invalid configuration: SSO_ALLOW_LOOPBACK_ISSUER is for tests and development, not production',
    );
  }
  const dataDir = isAbsolute(env.DATA_DIR) ? env.DATA_DIR : resolve(PROJECT_ROOT, env.DATA_DIR);
  return {
    env: env.NODE_ENV as AppConfig['env'],
    port: env.PORT,
    host: env.HOST,
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    dataDir,
    companyName: env.COMPANY_NAME,
    sessionSecret: env.SESSION_SECRET,
    trustedProxies: parseTrustedProxies(env.TRUSTED_PROXIES),
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT as AppConfig['logFormat'],
    metrics: { token: env.METRICS_TOKEN, port: env.METRICS_PORT, host: env.METRICS_HOST },
    jobsEnabled: env.JOBS_ENABLED,
    database: { url: env.DATABASE_URL, embeddedPort: env.EMBEDDED_PG_PORT },
    mail: {
      smtpUrl: env.SMTP_URL,
      poolSize: env.SMTP_POOL_SIZE,
      leaseSeconds: env.DELIVERY_LEASE_SECONDS,
      reminderGapHours: env.REMINDER_GAP_HOURS,
      from: env.MAIL_FROM,
      outboxDir: join(dataDir, 'outbox'),
    },
    privacy: {
      anonymityMin: env.ANONYMITY_MIN,
      commentMin: env.COMMENT_MIN,
      minCustomerResponses: env.MIN_CUSTOMER_RESPONSES,
      responseKey: env.RESPONSE_KEY ?? persistedResponseKey(dataDir),
    },
    followUp: { dueBusinessDays: env.FOLLOW_UP_DUE_BUSINESS_DAYS },
    webhooks: {
      allowLoopback: env.WEBHOOK_ALLOW_LOOPBACK,
      retryDelaySeconds: env.WEBHOOK_RETRY_DELAY_SECONDS,
      retryLimit: env.WEBHOOK_RETRY_LIMIT,
      extraCa: env.WEBHOOK_CA_FILE ? readCertificates(env.WEBHOOK_CA_FILE) : undefined,
    },
    sso: { allowLoopbackIssuer: env.SSO_ALLOW_LOOPBACK_ISSUER },
    analysis: { leaverCost: env.LEAVER_COST ?? null },
    admin: { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD },
  };
}

function readCertificates(file: string): string {
  const pem = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new ConfigError(
      `Invalid configuration: WEBHOOK_CA_FILE must name a PEM file of certificates (got "${file}")`,
    );
  return pem;
}

/** Names proxy-addr understands besides addresses and CIDR ranges. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  return bits >= 0 && bits <= (family === 4 ? 32 : 128);
}

function parseTrustedProxies(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const bad = entries.find((entry) => !isProxyEntry(entry));
  if (bad !== undefined) {
    throw new ConfigError(
      `Invalid configuration: TRUSTED_PROXIES must list IP addresses or CIDR ranges such as 10.0.0.0/8 (got "${bad}")`,
    );
  }
  return entries;
}

/**
 * The key that seals employee answers while their cycle is open, generated once under the data
 * folder. It must not live in the database: a database reader holding it could pair sealed
 * answers with the invitations they used. Instances sharing a database set RESPONSE_KEY alike.
 */
function persistedResponseKey(dataDir: string): string {
  const file = join(dataDir, 'response-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
  return key;
}
