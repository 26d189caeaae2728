import { CycleLifecycleService } from '../src/cycles/cycle-lifecycle.service';
import { CycleWindowsService } from '../src/cycles/cycle-windows.service';
import { inPreparedTransaction } from '../src/database/prepared-transaction';
import { SurveyLinksService } from '../src/delivery/survey-links.service';
import { hashToken } from '../src/delivery/tokens';
import { AnswerSeal } from '../src/respond/answer-seal';
import { storeClaimedAnswers, SubmissionWriter } from '../src/respond/submission-writer';
import {
  createOpenCycle,
  createUnit,
  inviteEmployee,
  storedEmployeeAnswers,
} from './support/respond-factories';
import { createTestApp, TestApp } from './support/test-app';

/**
 * A submission racing the close: its transaction finds the cycle open (and locks it), so the
 * close waits for it and then releases its answers; a submission after the close stores nothing.
 */
describe('a submission racing the cycle close', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('is stored before the close releases answers, or not at all', async () => {
    const unitId = await createUnit(t.dataSource);
    const cycle = await createOpenCycle(t.dataSource);
    const inFlight = await inviteEmployee(t.dataSource, cycle.cycleId, unitId);
    const late = await inviteEmployee(t.dataSource, cycle.cycleId, unitId);
    const seal = t.app.get(AnswerSeal);
    const answers = seal.seal({ answers: { enps: 9 }, submittedOn: '2026-12-04' });

    let closed = false;
    let close: Promise<void> | undefined;
    await inPreparedTransaction(t.dataSource, async (db) => {
      const open = await t.app
        .get(CycleWindowsService)
        .lockOpen(db, 'employee', [cycle.employeeSurveyId]);
      expect(open).toEqual([{ cycleId: cycle.cycleId, surveyId: cycle.employeeSurveyId }]);
      close = t.app
        .get(CycleLifecycleService)
        .close(cycle.cycleId)
        .then(() => {
          closed = true;
        });
      await new Promise((r) => setTimeout(r, 500));
      // The close waits for the transaction that found the cycle open.
      expect(closed).toBe(false);
      const claimed = await t.app
        .get(SurveyLinksService)
        .claim(db, 'employee', [{ tokenHash: hashToken(inFlight.token), cycleId: cycle.cycleId }]);
      expect(claimed).toHaveLength(1);
      await storeClaimedAnswers(
        db,
        'employee',
        claimed.map((c) => ({ claimed: c, answers })),
        seal.keyId,
      );
    });
    await close;
    expect(closed).toBe(true);

    const stored = await storedEmployeeAnswers(t.app, t.dataSource, cycle.cycleId);
    expect(stored.map((r) => [r.sealed, r.answers])).toEqual([[false, { enps: 9 }]]);

    const after = await t.app
      .get(SubmissionWriter)
      .store('employee', hashToken(late.token), answers, cycle.employeeSurveyId);
    expect(after).toBe(false);
    expect(await storedEmployeeAnswers(t.app, t.dataSource, cycle.cycleId)).toHaveLength(1);
  });
});
