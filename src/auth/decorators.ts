import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles';

export const PUBLIC_KEY = 'tandem:public';
export const ROLES_KEY = 'tandem:roles';

/** Reachable without signing in (login page, respondent pages, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
