import type { CurrentUser } from '../auth/current-user';
import { FollowThroughError, FollowThroughErrorCode } from './follow-through.errors';

/**
 * Managers act on their own subtree; HR and admins on every unit; executives read only.
 * A manager's subtree is every unit whose path starts with `scope.path`.
 */
export function canAct(user: CurrentUser): boolean {
  return user.role === 'manager' || user.role === 'hr' || user.role === 'admin';
}

export function assertCanAct(user: CurrentUser): void {
  if (!canAct(user)) throw new FollowThroughError(FollowThroughErrorCode.READ_ONLY);
}

export function inScope(user: CurrentUser, unitPath: string): boolean {
  return !user.scope || unitPath.startsWith(user.scope.path);
}

export function assertInScope(user: CurrentUser, unitPath: string): void {
  if (!inScope(user, unitPath)) throw new FollowThroughError(FollowThroughErrorCode.OUT_OF_SCOPE);
}
