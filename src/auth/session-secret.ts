import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

/** The one row of session_secrets every instance reads. */
const SECRET_ID = 1;

/**
 * The secret that signs session and CSRF cookies when SESSION_SECRET is not set. The first
 * instance to start on a database stores one; racing instances all insert with ON CONFLICT DO
 * NOTHING and then read the row that won, so every instance signs with the same secret.
 * A secret an older version generated under the data folder is carried over, so an upgrade
 * does not sign everyone out.
 */
export async function resolveSessionSecret(
  dataSource: DataSource,
  dataDir: string,
): Promise<string> {
  const candidate = formerSecret(dataDir) ?? randomBytes(48).toString('base64url');
  await dataSource.query(
    `INSERT INTO session_secrets (id, secret) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`,
    [SECRET_ID, candidate],
  );
  const rows: Array<{ secret: string }> = await dataSource.query(
    `SELECT secret FROM session_secrets WHERE id = $1`,
    [SECRET_ID],
  );
  return rows[0].secret;
}

function formerSecret(dataDir: string): string | undefined {
  const file = join(dataDir, 'session-secret');
  if (!existsSync(file)) return undefined;
  const secret = readFileSync(file, 'utf8').trim();
  return secret.length >= 32 ? secret : undefined;
}
