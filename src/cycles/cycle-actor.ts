import type { CurrentUser } from '../auth/current-user';

/** Who steered a cycle, as its history records them; null in the history: Tandem, on schedule. */
export interface CycleActor {
  userId: string;
  /** The name the history shows, e.g. "Dana Smith (dana@example.com)" or "… via API key". */
  name: string;
}

export function actorOf(user: CurrentUser): CycleActor {
  const who = `${user.name} (${user.email})`;
  return { userId: user.id, name: user.via === 'api_key' ? `${who} via API key` : who };
}
