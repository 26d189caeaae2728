import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CurrentUser } from '../auth/current-user';
import { AnalyticsError, AnalyticsErrorCode } from './analytics.errors';
import {
  HiddenFigure,
  UnitResultRow,
  UnitResults,
  UnitResultsService,
} from './unit-results.service';

export interface CommentQuestion {
  key: string;
  text: string;
  /** non-blank answers in the group */
  total: number;
  /** a sample of the answers (at most `limit`), in a stable order that says nothing about who */
  comments: string[];
}

export interface GroupComments {
  cycle: UnitResults['cycle'];
  /** the group: a unit's subtree, or null for the whole company */
  unitId: string | null;
  name: string;
  /** COMMENT_MIN */
  commentMin: number;
  /** visible comments per text question, or why the group's comments are hidden */
  result: ({ hidden: false } & { questions: CommentQuestion[] }) | HiddenFigure;
}

/**
 * Employee comments of one group (a unit's whole subtree, or the company), shown only when the
 * group's comment cell passes privacy rule 2: at least COMMENT_MIN responses and not needed to
 * protect a smaller group (the complementary suppression UnitResultsService applies). Comments
 * carry no unit or date, and come out in an order fixed by a hash of the response id, so their
 * order cannot be used to tell sub-groups apart.
 */
@Injectable()
export class UnitCommentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly results: UnitResultsService,
  ) {}

  /**
   * `precomputed`: the caller's own UnitResultsService.forCycle(user, cycle, unitId) result, to
   * save computing it twice in one request; it is what decides visibility either way.
   */
  async forGroup(
    user: CurrentUser,
    cycleIdOrLabel: string,
    unitId?: string,
    limit = 30,
    precomputed?: UnitResults,
  ): Promise<GroupComments> {
    const results = precomputed ?? (await this.results.forCycle(user, cycleIdOrLabel, unitId));
    const row = groupRow(results, unitId);
    const base = {
      cycle: results.cycle,
      unitId: row?.unitId ?? null,
      name: row?.name ?? 'Whole company',
      commentMin: results.thresholds.commentMin,
    };
    if (row === null) {
      return { ...base, result: { hidden: true, code: 'no-responses', reason: 'No responses.' } };
    }
    if (row.comments.hidden) return { ...base, result: row.comments };

    const path = row.unitId === null ? null : await this.pathOf(row.unitId);
    const questions: { key: string; text: string }[] = await this.dataSource.query(
      `SELECT q.key, q.text FROM cycles c JOIN questions q ON q.survey_id = c.employee_survey_id
        WHERE c.id = $1 AND q.kind = 'text' ORDER BY q.position`,
      [results.cycle.id],
    );
    const out: CommentQuestion[] = [];
    for (const question of questions) {
      const rows: { comment: string; total: number }[] = await this.dataSource.query(
        `SELECT btrim(r.answers ->> $2) AS comment, count(*) OVER ()::int AS total
           FROM employee_responses r
           ${path === null ? '' : 'JOIN units u ON u.id = r.unit_id'}
          WHERE r.cycle_id = $1
            AND jsonb_typeof(r.answers -> $2) = 'string' AND btrim(r.answers ->> $2) <> ''
            ${path === null ? '' : `AND u.path LIKE $4 || '%'`}
          ORDER BY md5(r.id::text)
          LIMIT $3`,
        path === null
          ? [results.cycle.id, question.key, limit]
          : [results.cycle.id, question.key, limit, path],
      );
      out.push({
        key: question.key,
        text: question.text,
        total: rows[0]?.total ?? 0,
        comments: rows.map((r) => r.comment),
      });
    }
    return { ...base, result: { hidden: false, questions: out } };
  }

  private async pathOf(unitId: string): Promise<string> {
    const rows: { path: string }[] = await this.dataSource.query(
      `SELECT path FROM units WHERE id = $1`,
      [unitId],
    );
    // Never fall back to the whole company's comments.
    if (rows.length === 0) throw new AnalyticsError(AnalyticsErrorCode.UNIT_NOT_FOUND);
    return rows[0].path;
  }
}

/** The row of the group itself: the company total, or the unit the view starts at. */
function groupRow(results: UnitResults, unitId: string | undefined): UnitResultRow | null {
  if (unitId === undefined && results.total !== null) return results.total;
  return results.units.find((u) => u.depth === 0) ?? null;
}
