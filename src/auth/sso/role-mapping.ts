import type { Role } from '../roles';

/** Roles a claim may grant. A manager also needs a unit, which only an admin can give. */
export const MAPPABLE_ROLES = ['admin', 'hr', 'executive'] as const satisfies readonly Role[];
export type MappableRole = (typeof MAPPABLE_ROLES)[number];

/** People whose role claim holds `value` get `role`. */
export interface RoleMappingRule {
  value: string;
  role: MappableRole;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const isMappable = (role: string): role is MappableRole =>
  (MAPPABLE_ROLES as readonly string[]).includes(role);

/**
 * Reads the mapping as typed on the admin page: one `claim value = role` a line, blank lines
 * ignored. The value may itself contain "=" (the last one separates the role).
 */
export function parseRoleMapping(text: string): Parsed<RoleMappingRule[]> {
  const rules: RoleMappingRule[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.lastIndexOf('=');
    const value = at > 0 ? line.slice(0, at).trim() : '';
    const role =
      at > 0
        ? line
            .slice(at + 1)
            .trim()
            .toLowerCase()
        : '';
    if (!value || !role)
      return { ok: false, error: `Line ${index + 1}: write it as "claim value = role".` };
    if (!isMappable(role))
      return {
        ok: false,
        error: `Line ${index + 1}: "${role}" is not a role a claim can grant; use ${MAPPABLE_ROLES.join(', ')} (unit managers are given their unit by an admin).`,
      };
    if (rules.some((r) => r.value === value))
      return { ok: false, error: `Line ${index + 1}: "${value}" is mapped twice.` };
    rules.push({ value, role });
  }
  return { ok: true, value: rules };
}

export const formatRoleMapping = (rules: readonly RoleMappingRule[]): string =>
  rules.map((r) => `${r.value} = ${r.role}`).join('\n');

/** The claim's values: a string, or the strings of an array; anything else none. */
function claimValues(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim];
  if (Array.isArray(claim)) return claim.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * The role the claims grant: of every rule whose value the claim holds (matched exactly), the
 * one with the most access; null when none matches — no access until an admin grants a role.
 */
export function roleFromClaims(
  claims: Record<string, unknown>,
  claimName: string,
  rules: readonly RoleMappingRule[],
): MappableRole | null {
  const values = new Set(claimValues(claims[claimName]));
  const granted = rules.filter((r) => values.has(r.value)).map((r) => r.role);
  return MAPPABLE_ROLES.find((role) => granted.includes(role)) ?? null;
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Domains typed one a line or separated by commas or spaces, lower-cased, "@" dropped. */
export function parseDomains(text: string): Parsed<string[]> {
  const domains: string[] = [];
  for (const item of text.split(/[\s,;]+/)) {
    const domain = item.trim().toLowerCase().replace(/^@/, '');
    if (!domain) continue;
    if (!DOMAIN.test(domain))
      return { ok: false, error: `"${domain}" is not a domain name such as example.com.` };
    if (!domains.includes(domain)) domains.push(domain);
  }
  return { ok: true, value: domains };
}

/** Whether the address's domain is one of the allowed ones (exactly; subdomains are listed on their own). */
export function isDomainAllowed(email: string, allowed: readonly string[]): boolean {
  const at = email.lastIndexOf('@');
  if (at < 1) return false;
  return allowed.includes(email.slice(at + 1).toLowerCase());
}
