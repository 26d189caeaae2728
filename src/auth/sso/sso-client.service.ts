import { Injectable, Logger } from '@nestjs/common';
import { BaseClient, custom, errors, generators, Issuer } from 'openid-client';
import { checkIssuerUrl } from './issuer-url';
import type { ActiveSso } from './sso-settings.service';
import { SsoError, SsoErrorCode } from './sso.errors';

/** What a started sign-in keeps in the browser's session until the provider sends it back. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where to go afterwards (already a same-site path). */
  next: string;
  issuer: string;
  startedAt: number;
}

/** A started sign-in is good for this long. */
export const PENDING_TTL_MS = 10 * 60 * 1000;
/** Allowed clock difference between Tandem and the provider when checking token times. */
const CLOCK_TOLERANCE_SECONDS = 60;
/** Discovery and the signing keys are read again after this long. */
const CLIENT_TTL_MS = 60 * 60 * 1000;
const HTTP_TIMEOUT_MS = 5000;

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * The OpenID Connect relying party, on openid-client: discovery, the authorization code flow
 * with PKCE (S256), state and nonce, and the ID token checks (signature from the provider's
 * keys, issuer, audience, expiry, nonce).
 */
@Injectable()
export class SsoClientService {
  private readonly logger = new Logger(SsoClientService.name);
  private cached: { key: string; client: BaseClient; at: number } | null = null;

  /**
   * Whether the issuer's discovery document can be read and is the issuer's own (its `issuer`
   * equals the configured one, its endpoints pass the same https rule).
   */
  async check(issuerUrl: string, allowLoopback: boolean): Promise<boolean> {
    try {
      await this.discover(issuerUrl, allowLoopback);
      return true;
    } catch (error) {
      this.logger.warn(`Discovery at ${issuerUrl} failed: ${(error as Error).message}`);
      return false;
    }
  }

  /** Drops the cached client, after the settings change. */
  forget(): void {
    this.cached = null;
  }

  /** The provider's authorization URL for a new sign-in, and what to keep until it returns. */
  async start(
    sso: ActiveSso,
    redirectUri: string,
    next: string,
    allowLoopback: boolean,
  ): Promise<{ url: string; pending: PendingSignIn }> {
    const client = await this.unreachableAsError(() =>
      this.clientFor(sso, redirectUri, allowLoopback),
    );
    const pending: PendingSignIn = {
      state: generators.state(),
      nonce: generators.nonce(),
      codeVerifier: generators.codeVerifier(),
      next,
      issuer: sso.issuerUrl,
      startedAt: Date.now(),
    };
    const url = client.authorizationUrl({
      scope: sso.scopes,
      response_type: 'code',
      redirect_uri: redirectUri,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: generators.codeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, pending };
  }

  /**
   * Checks the provider's answer against the pending sign-in, redeems the code (sending the
   * PKCE verifier), validates the ID token and returns its claims, with the userinfo
   * endpoint's when the ID token lacks the email or the role claim.
   */
  async finish(
    sso: ActiveSso,
    redirectUri: string,
    callbackUrl: string,
    pending: PendingSignIn,
    allowLoopback: boolean,
  ): Promise<Record<string, unknown>> {
    const client = await this.unreachableAsError(() =>
      this.clientFor(sso, redirectUri, allowLoopback),
    );
    const params = client.callbackParams(callbackUrl);
    if (params.error) {
      this.logger.warn(
        `Provider refused a sign-in: ${params.error} ${params.error_description ?? ''}`,
      );
      throw new SsoError(SsoErrorCode.PROVIDER_REFUSED);
    }
    try {
      const tokens = await client.callback(redirectUri, params, {
        state: pending.state,
        nonce: pending.nonce,
        code_verifier: pending.codeVerifier,
        response_type: 'code',
      });
      const claims: Record<string, unknown> = { ...tokens.claims() };
      const needsUserinfo = claims.email === undefined || claims[sso.roleClaim] === undefined;
      if (needsUserinfo && client.issuer.metadata.userinfo_endpoint && tokens.access_token) {
        // openid-client checks that the userinfo's subject is the ID token's.
        const info = await client.userinfo<Record<string, unknown>>(tokens);
        return { ...info, ...claims };
      }
      return claims;
    } catch (error) {
      throw this.translate(error);
    }
  }

  private translate(error: unknown): unknown {
    if (error instanceof SsoError) return error;
    if (error instanceof errors.OPError) {
      this.logger.warn(`Provider error during sign-in: ${error.error}`);
      return new SsoError(SsoErrorCode.PROVIDER_REFUSED);
    }
    if (error instanceof errors.RPError) {
      if (/timed out/.test(error.message)) return new SsoError(SsoErrorCode.PROVIDER_UNREACHABLE);
      this.logger.warn(`Rejected a sign-in: ${error.message}`);
      return new SsoError(SsoErrorCode.TOKEN_REJECTED);
    }
    if (isNetworkError(error)) return new SsoError(SsoErrorCode.PROVIDER_UNREACHABLE);
    return error;
  }

  private async unreachableAsError<T>(load: () => Promise<T>): Promise<T> {
    try {
      return await load();
    } catch (error) {
      this.logger.warn(`The sign-in provider could not be used: ${(error as Error).message}`);
      throw new SsoError(SsoErrorCode.PROVIDER_UNREACHABLE);
    }
  }

  private async clientFor(
    sso: ActiveSso,
    redirectUri: string,
    allowLoopback: boolean,
  ): Promise<BaseClient> {
    const key = JSON.stringify([sso.issuerUrl, sso.clientId, sso.clientSecret, redirectUri]);
    if (this.cached?.key === key && Date.now() - this.cached.at < CLIENT_TTL_MS)
      return this.cached.client;
    const issuer = await this.discover(sso.issuerUrl, allowLoopback);
    const client = new issuer.Client({
      client_id: sso.clientId,
      ...(sso.clientSecret
        ? { client_secret: sso.clientSecret, token_endpoint_auth_method: 'client_secret_basic' }
        : { token_endpoint_auth_method: 'none' }),
      redirect_uris: [redirectUri],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
    });
    client[custom.clock_tolerance] = CLOCK_TOLERANCE_SECONDS;
    client[custom.http_options] = (_url, options) => ({ ...options, timeout: HTTP_TIMEOUT_MS });
    this.cached = { key, client, at: Date.now() };
    return client;
  }

  private async discover(issuerUrl: string, allowLoopback: boolean): Promise<Issuer> {
    Issuer[custom.http_options] = (_url, options) => ({ ...options, timeout: HTTP_TIMEOUT_MS });
    const issuer = await Issuer.discover(issuerUrl);
    const { metadata } = issuer;
    if (trimSlash(String(metadata.issuer)) !== trimSlash(issuerUrl))
      throw new Error(`the discovery document names another issuer (${String(metadata.issuer)})`);
    for (const endpoint of [
      metadata.authorization_endpoint,
      metadata.token_endpoint,
      metadata.jwks_uri,
    ]) {
      if (typeof endpoint !== 'string') throw new Error('the discovery document lacks an endpoint');
      checkIssuerUrl(endpoint.split('?')[0], allowLoopback);
    }
    return issuer;
  }
}

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(
      code,
    )
  );
}
