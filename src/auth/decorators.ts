import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles';

export const PUBLIC_KEY = 'tandem:public';
export const ROLES_KEY = 'tandem:roles';
export const OWN_CREDENTIALS_KEY = 'tandem:own-credentials';

/** Reachable without signing in (login page, respondent pages, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * The route checks a credential of its own (SCIM tokens) with its own guard: sessions and API
 * keys are not looked at, so neither can open it.
 */
export const OwnCredentials = () => SetMetadata(OWN_CREDENTIALS_KEY, true);
