import type { SessionStore } from '@fastify/session';
import type { Session as FastifySessionData } from 'fastify';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

type Callback = (err?: unknown) => void;
type GetCallback = (err: unknown, session?: FastifySessionData | null) => void;

const DEFAULT_TTL_MS = 8 * 60 * 60 * 1000;

/**
 * The key a session is stored under: sha256 of its id, so a database reader (or a leaked
 * backup) holds no id a cookie could carry.
 */
export const sessionKey = (sid: string): string => createHash('sha256').update(sid).digest('hex');

/**
 * @fastify/session store backed by the sessions table (upsert on save, expiry checked on read),
 * rows keyed by sessionKey(sid).
 */
export class PgSessionStore implements SessionStore {
  private lastSweep = 0;

  constructor(private readonly dataSource: DataSource) {}

  set(sid: string, session: FastifySessionData, callback: Callback): void {
    const expires = session.cookie?.expires
      ? new Date(session.cookie.expires)
      : new Date(Date.now() + DEFAULT_TTL_MS);
    this.dataSource
      .query(
        `INSERT INTO sessions (sid, data, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (sid) DO UPDATE SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at`,
        [sessionKey(sid), JSON.stringify(session), expires],
      )
      .then(() => this.sweep())
      .then(() => callback(), callback);
  }

  get(sid: string, callback: GetCallback): void {
    this.dataSource
      .query(`SELECT data FROM sessions WHERE sid = $1 AND expires_at > now()`, [sessionKey(sid)])
      .then(
        (rows: Array<{ data: FastifySessionData }>) => callback(null, rows[0]?.data ?? null),
        callback,
      );
  }

  destroy(sid: string, callback: Callback): void {
    this.dataSource
      .query(`DELETE FROM sessions WHERE sid = $1`, [sessionKey(sid)])
      .then(() => callback(), callback);
  }

  /** Removes expired sessions at most once a minute per instance. */
  private async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < 60_000) return;
    this.lastSweep = Date.now();
    await this.dataSource.query(`DELETE FROM sessions WHERE expires_at <= now()`);
  }
}
