import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CurrentUser } from '../auth/current-user';
import { UnitsService } from '../directory/units.service';
import { AnalyticsError, AnalyticsErrorCode } from './analytics.errors';
import { commentSample, type CommentQuestion } from './queries/comment-sample.query';
import { READ_AFRESH } from './read-memo';
import { assertResultsAvailable } from './results-availability';
import {
  HiddenFigure,
  UnitFigures,
  UnitFiguresRow,
  UnitResultsService,
} from './unit-results.service';

export type { CommentQuestion };

/** A group's comment sample being read (UnitCommentsService.sample). */
export interface CommentSample {
  cycleId: string;
  path: string | null;
  limit: number;
  questions: Promise<CommentQuestion[]>;
}

export interface GroupComments {
  cycle: UnitFigures['cycle'];
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
 * order cannot be used to tell sub-groups apart. Comments of a cycle that is not closed are
 * never read (privacy rule 3).
 */
@Injectable()
export class UnitCommentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly results: UnitResultsService,
    private readonly units: UnitsService,
  ) {}

  /**
   * `precomputed`: the caller's own UnitResultsService.forCycle (or figuresForCycle) result for
   * (user, cycle, unitId), to save computing it twice in one request; it is what decides
   * visibility either way. `early`: a sample() the caller started for this group beforehand;
   * it is used only if it is of this cycle and group and the group's comments may be shown.
   */
  async forGroup(
    user: CurrentUser,
    cycleIdOrLabel: string,
    unitId?: string,
    limit = 30,
    precomputed?: UnitFigures,
    early?: CommentSample,
  ): Promise<GroupComments> {
    const results = precomputed ?? (await this.results.forCycle(user, cycleIdOrLabel, unitId));
    assertResultsAvailable({ ...results.cycle, closesAt: null });
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
    const sample =
      early?.cycleId === results.cycle.id && early.path === path && early.limit === limit
        ? early
        : this.sample(results.cycle.id, path, limit);
    return { ...base, result: { hidden: false, questions: await sample.questions } };
  }

  /**
   * Each text question of the cycle with a sample of the group's answers (`path`: a unit's
   * subtree, null for the company), whether or not they may be shown: only forGroup() decides
   * that. Started early, it runs while the figures that decide it are computed.
   */
  sample(cycleId: string, path: string | null, limit = 30, memo = READ_AFRESH): CommentSample {
    // A closed cycle's responses change only when a wave is imported again, which changes its
    // stats as well.
    const questions = memo.keep(
      `comments:${cycleId}:${path ?? ''}:${limit}`,
      ['cycles', 'questions', 'stats'],
      () => commentSample(this.dataSource, cycleId, path, limit),
    );
    // The caller may never use it (the comments turn out hidden); failures show where it is used.
    questions.catch(() => undefined);
    return { cycleId, path, limit, questions };
  }

  private async pathOf(unitId: string): Promise<string> {
    const unit = await this.units.node(unitId);
    // Never fall back to the whole company's comments.
    if (!unit) throw new AnalyticsError(AnalyticsErrorCode.UNIT_NOT_FOUND);
    return unit.path;
  }
}

/** The row of the group itself: the company total, or the unit the view starts at. */
function groupRow(results: UnitFigures, unitId: string | undefined): UnitFiguresRow | null {
  if (unitId === undefined && results.total !== null) return results.total;
  return results.units.find((u) => u.depth === 0) ?? null;
}
