import { CurrentUser } from '../auth/current-user';
import { DirectoryError, DirectoryErrorCode } from './directory.errors';

/** Admins and HR keep the directory; executives read it all; managers read their own subtree. */
export function canManageDirectory(user: CurrentUser): boolean {
  return user.role === 'admin' || user.role === 'hr';
}

export function assertCanManage(user: CurrentUser): void {
  if (!canManageDirectory(user)) throw new DirectoryError(DirectoryErrorCode.READ_ONLY);
}

/** Throws OUT_OF_SCOPE unless the unit path lies inside the user's subtree. */
export function assertInScope(user: CurrentUser, unitPath: string): void {
  if (user.scope && !unitPath.startsWith(user.scope.path))
    throw new DirectoryError(DirectoryErrorCode.OUT_OF_SCOPE);
}

/**
 * A SQL condition restricting `alias.path` to the user's subtree, with its parameter appended
 * to `params`; "TRUE" when the user sees every unit. Paths hold only hex ids and slashes, so the
 * prefix cannot contain LIKE wildcards.
 */
export function scopeCondition(user: CurrentUser, pathColumn: string, params: unknown[]): string {
  if (!user.scope) return 'TRUE';
  params.push(user.scope.path);
  return `${pathColumn} LIKE $${params.length} || '%'`;
}
