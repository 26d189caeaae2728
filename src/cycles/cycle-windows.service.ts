import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Queryable, queryRows } from '../database/sql';
import type { Audience } from '../surveys/entities/survey.entity';

/** Where a cycle stands for a survey link, by the database's clock. */
export interface CycleWindow {
  state: 'closed' | 'not_open' | 'open';
  /** closes_at while open, opens_at before, closed_at (or closes_at) after. */
  moment: Date;
  /** opens_at has passed (a cycle not open yet will open any moment). */
  hasOpened: boolean;
  /** The cycle's survey for the link's audience, if it has one. */
  surveyId: string | null;
}

/** An open cycle taking answers, locked for the caller's transaction. */
export interface OpenCycle {
  cycleId: string;
  surveyId: string;
}

const surveyColumn = (audience: Audience) =>
  audience === 'employee' ? 'employee_survey_id' : 'customer_survey_id';

/** The one rule of when a cycle takes answers: open, and now within its window. */
const TAKES_ANSWERS = `status = 'open' AND opens_at <= now() AND closes_at > now()`;

const WINDOW = `
  SELECT CASE WHEN status = 'closed' OR closes_at <= now() THEN 'closed'
              WHEN status <> 'open' OR opens_at > now() THEN 'not_open'
              ELSE 'open' END AS state,
         CASE WHEN status = 'closed' OR closes_at <= now() THEN coalesce(closed_at, closes_at)
              WHEN status <> 'open' OR opens_at > now() THEN opens_at
              ELSE closes_at END AS moment,
         opens_at <= now() AS "hasOpened",
         CASE $2::text WHEN 'employee' THEN employee_survey_id ELSE customer_survey_id END AS "surveyId"
    FROM cycles WHERE id = $1`;

const lockOpenSql = (audience: Audience) => `
  SELECT id AS "cycleId", ${surveyColumn(audience)} AS "surveyId"
    FROM cycles
   WHERE ${surveyColumn(audience)} = ANY($1::uuid[]) AND ${TAKES_ANSWERS}
   ORDER BY id
     FOR SHARE`;
const LOCK_OPEN: Record<Audience, string> = {
  employee: lockOpenSql('employee'),
  customer: lockOpenSql('customer'),
};

/**
 * When cycles take answers, for the survey pages: a link's window (read with the database's
 * clock, the one the claim checks) and, inside a submission's transaction, the open cycles it
 * may store answers in.
 */
@Injectable()
export class CycleWindowsService {
  constructor(private readonly dataSource: DataSource) {}

  /** The cycle's state for a link of this audience; null when there is no such cycle. */
  async window(cycleId: string, audience: Audience): Promise<CycleWindow | null> {
    const [row] = await queryRows<CycleWindow>(this.dataSource, WINDOW, [cycleId, audience]);
    return row ?? null;
  }

  /**
   * The cycles taking answers now whose survey for `audience` is one of these, locked FOR SHARE
   * until the caller's transaction ends. Closing a cycle updates its row, so the close waits for
   * every transaction that found it open here, and one that comes after the close finds it
   * closed: answers are stored before the close releases them, or not at all.
   */
  lockOpen(db: Queryable, audience: Audience, surveyIds: readonly string[]): Promise<OpenCycle[]> {
    return lockOpenCycles(db, audience, surveyIds);
  }
}

/** CycleWindowsService.lockOpen, for a caller without Nest (the submit benchmark's bare loop). */
export function lockOpenCycles(
  db: Queryable,
  audience: Audience,
  surveyIds: readonly string[],
): Promise<OpenCycle[]> {
  if (surveyIds.length === 0) return Promise.resolve([]);
  return queryRows<OpenCycle>(db, LOCK_OPEN[audience], [[...new Set(surveyIds)]]);
}
