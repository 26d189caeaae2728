import { Client } from 'pg';
import { addBusinessDays, addBusinessDaysSql } from '../src/follow-through/business-days';
import { createTestDatabase } from './support/test-database';

describe('Follow-up due dates in SQL', () => {
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: await createTestDatabase() });
    await db.connect();
    // The app's pool may run in any session time zone; the rule is defined in UTC.
    await db.query(`SET TIME ZONE 'America/New_York'`);
  });

  afterAll(async () => {
    await db.end();
  });

  it('matches addBusinessDays for every weekday, time of day and 0–12 business days, across a DST change', async () => {
    // Two weeks of starts every 7 hours, spanning the US change to summer time (2025-03-09).
    const starts = Array.from(
      { length: 48 },
      (_, i) => new Date(Date.UTC(2025, 2, 1, 3) + i * 7 * 3_600_000),
    );
    const days = Array.from({ length: 13 }, (_, n) => n);
    const { rows } = await db.query<{ start: Date; n: number; due: Date }>(
      `SELECT s AS start, n, ${addBusinessDaysSql('s', 'n')} AS due
         FROM unnest($1::timestamptz[]) AS s, unnest($2::int[]) AS n`,
      [starts, days],
    );
    expect(rows).toHaveLength(starts.length * days.length);
    const wrong = rows.filter((r) => r.due.getTime() !== addBusinessDays(r.start, r.n).getTime());
    expect(wrong).toEqual([]);
  });
});
