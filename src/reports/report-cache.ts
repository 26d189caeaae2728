import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { querySerial } from '../database/serial-query';

/**
 * Entries kept at once: report data and the pages built from it, each a few MB for thousands
 * of units.
 */
const MAX_ENTRIES = 16;
/** Belt and braces: even an unchanged fingerprint is re-checked by a rebuild this often. */
const MAX_AGE_MS = 10 * 60 * 1000;

interface Entry {
  fingerprint: string;
  builtAt: number;
  value: Promise<unknown>;
}

/**
 * The data as it stands at one moment, summarized by its fingerprint: everything a request
 * looks up or builds goes through the one it took first, so a report and the page drawn from
 * it always belong to the same data.
 */
export interface ReportSnapshot {
  readonly fingerprint: string;
  getOrBuild<T>(key: string, build: () => Promise<T>): Promise<T>;
}

/**
 * The one cache of the report build path. The same report is asked for again and again (every
 * executive, every CSV, the JSON), while the data behind it changes only when a cycle opens,
 * closes or is imported, the directory changes, or follow-through moves on. So report data,
 * and the page models built from it, are built once and reused for as long as a fingerprint of
 * all of those inputs is unchanged; one small round of queries per request checks it. Keys
 * include the reader's scope, so a manager's subtree report is never served to anyone else
 * (and scope checks run before the cache is consulted). Only reports of closed cycles are
 * kept: nothing answer-derived of an open cycle is ever built (privacy rule 3), and its
 * participation page is read fresh each time.
 */
@Injectable()
export class ReportCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly dataSource: DataSource) {}

  /** Takes the fingerprint of the data now; builds through it never read older data. */
  async snapshot(): Promise<ReportSnapshot> {
    const fingerprint = await this.fingerprint();
    return {
      fingerprint,
      getOrBuild: <T>(key: string, build: () => Promise<T>) =>
        this.getOrBuild(fingerprint, key, build),
    };
  }

  private getOrBuild<T>(fingerprint: string, key: string, build: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.fingerprint === fingerprint && Date.now() - hit.builtAt < MAX_AGE_MS) {
      // Most recently used last, so the oldest is the first to go.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as Promise<T>;
    }
    const value = build();
    this.entries.set(key, { fingerprint, builtAt: Date.now(), value });
    // A failed build is not kept: the next request tries again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /**
   * Everything a report reads, summarized: cycles (state, periods, surveys), the materialized
   * stats of every closed cycle (which change only by re-materialization, which the stats sums
   * catch), the directory (units, employees, accounts: counts and last change), the surveys'
   * questions and follow-through (follow-ups, action plans). Open cycles add nothing but their
   * state: no report holds anything of theirs. Three statements at once, each over a few
   * tables and without parallel workers (which made none of them faster): all of them finish
   * before a build starts reading, so a change after any of them shows at the next request.
   */
  async fingerprint(): Promise<string> {
    const parts = await Promise.all(
      FINGERPRINT_QUERIES.map(async (sql) => {
        const [row] = await querySerial<Record<string, string | null>[]>(
          this.dataSource.manager,
          sql,
        );
        return Object.values(row)
          .map((v) => v ?? '')
          .join('/');
      }),
    );
    return parts.join('/');
  }

  /** Forget everything, e.g. after a test changes data without touching timestamps. */
  clear(): void {
    this.entries.clear();
  }
}

const REPORTED_CYCLES = `SELECT id FROM cycles WHERE status IN ('open', 'closed')`;

const FINGERPRINT_QUERIES = [
  `WITH reported AS (SELECT * FROM cycles WHERE status IN ('open', 'closed'))
   SELECT
     (SELECT md5(coalesce(string_agg(concat_ws('|', id, status, period_label, period_start,
               period_end, closed_at, employee_survey_id, customer_survey_id), ',' ORDER BY id), ''))
        FROM reported) AS cycles,
     (SELECT concat_ws('|', count(*), max(updated_at)) FROM units) AS units,
     (SELECT md5(coalesce(string_agg(concat_ws('|', survey_id, key, kind, dimension, text),
               ',' ORDER BY survey_id, position), ''))
        FROM questions
       WHERE survey_id IN (SELECT employee_survey_id FROM reported
                           UNION
                           SELECT customer_survey_id FROM reported))
       AS questions`,
  // The sums in millionths, as whole numbers: a float total would depend on the order a
  // parallel scan adds them in, and so differ from one request to the next.
  `SELECT concat_ws('|', count(*), sum(n), sum(round(sum * 1000000)::bigint)) AS stats
     FROM unit_cycle_stats WHERE cycle_id = ANY(ARRAY(${REPORTED_CYCLES}))`,
  `SELECT (SELECT concat_ws('|', count(*), max(updated_at)) FROM employees) AS employees,
          (SELECT concat_ws('|', count(*), max(updated_at)) FROM customer_accounts) AS accounts,
          (SELECT concat_ws('|', count(*), max(updated_at)) FROM follow_ups) AS follow_ups,
          (SELECT concat_ws('|', count(*), max(updated_at)) FROM action_plans) AS plans,
          (SELECT concat_ws('|', count(*), max(updated_at)) FROM action_plan_actions) AS actions`,
];
