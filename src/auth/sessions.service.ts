import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Session } from './entities/session.entity';
import { sessionKey } from './pg-session.store';

/** Ends browser sessions; the sessions table is written by PgSessionStore otherwise. */
@Injectable()
export class SessionsService {
  constructor(@InjectRepository(Session) private readonly sessions: Repository<Session>) {}

  /** Signs the user out everywhere; returns how many sessions ended. */
  async endAll(userId: string): Promise<number> {
    const [, count]: [unknown, number] = await this.sessions.query(
      `DELETE FROM sessions WHERE data->>'userId' = $1`,
      [userId],
    );
    return count;
  }

  /** Signs the user out everywhere except the session with this id. */
  async endOthers(userId: string, keepSessionId: string): Promise<void> {
    await this.sessions.query(`DELETE FROM sessions WHERE data->>'userId' = $1 AND sid <> $2`, [
      userId,
      sessionKey(keepSessionId),
    ]);
  }
}
