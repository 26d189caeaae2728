import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../database/sql';
import type { Audience } from '../surveys/entities/survey.entity';

/** A response of a past wave: no identity, dated by the caller. */
export interface ImportedResponse {
  audience: Audience;
  cycleId: string;
  unitId: string;
  /** YYYY-MM-DD */
  submittedOn: string;
  answers: Record<string, unknown>;
}

/** Rows per INSERT: a few thousand keep each statement's parameters small. */
const CHUNK = 5000;

/**
 * Responses of waves that ran in another tool, written set-based in the caller's transaction.
 * Employee rows carry no identity; customer rows none either, as the source has no invitations.
 */
@Injectable()
export class ResponseImportsService {
  /** How many employee and customer responses each cycle has. */
  async countByCycle(
    manager: EntityManager,
    cycleIds: readonly string[],
  ): Promise<Map<string, Record<Audience, number>>> {
    const counts = new Map(cycleIds.map((id) => [id, { employee: 0, customer: 0 }]));
    if (cycleIds.length === 0) return counts;
    const rows = await queryRows<{ cycle_id: string; audience: Audience; n: number }>(
      manager,
      `SELECT cycle_id, 'employee' AS audience, count(*)::int AS n
         FROM employee_responses WHERE cycle_id = ANY($1::uuid[]) GROUP BY cycle_id
       UNION ALL
       SELECT cycle_id, 'customer', count(*)::int
         FROM customer_responses WHERE cycle_id = ANY($1::uuid[]) GROUP BY cycle_id`,
      [[...new Set(cycleIds)]],
    );
    for (const r of rows) counts.get(r.cycle_id)![r.audience] = r.n;
    return counts;
  }

  /** Inserts the responses with unnest(), a few thousand per statement; `onChunk` reports rows done. */
  async importResponses(
    manager: EntityManager,
    rows: readonly ImportedResponse[],
    onChunk?: (done: number) => void,
  ): Promise<void> {
    for (let from = 0; from < rows.length; from += CHUNK) {
      onChunk?.(from);
      const chunk = rows.slice(from, from + CHUNK);
      for (const audience of ['employee', 'customer'] as const) {
        const part = chunk.filter((r) => r.audience === audience);
        if (part.length === 0) continue;
        await manager.query(
          audience === 'employee'
            ? `INSERT INTO employee_responses (cycle_id, unit_id, submitted_on, answers)
               SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::jsonb[])`
            : `INSERT INTO customer_responses (cycle_id, unit_id, submitted_at, answers)
               SELECT x.cycle_id, x.unit_id, x.day::timestamptz, x.answers
                 FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::jsonb[])
                      AS x(cycle_id, unit_id, day, answers)`,
          [
            part.map((r) => r.cycleId),
            part.map((r) => r.unitId),
            part.map((r) => r.submittedOn),
            part.map((r) => JSON.stringify(r.answers)),
          ],
        );
      }
    }
    onChunk?.(rows.length);
  }
}
