import { randomUUID } from 'node:crypto';
import { PASSWORD_LINK_QUEUE } from '../src/auth/password-link-mailer.service';
import { JOB_SCHEMA, jobId, JobQueue } from '../src/jobs/job-queue.service';
import { jobsSettled } from './support/jobs';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Jobs queued inside a transaction: this instance's workers are woken once it commits (before
 * that they would find nothing and wait for their next poll), never for one that rolled back.
 */
describe('Jobs queued in a transaction', () => {
  let t: TestApp;
  let jobs: JobQueue;
  let woken: jest.SpyInstance;

  beforeAll(async () => {
    t = await createTestApp({ JOBS_ENABLED: 'true' });
    jobs = t.app.get(JobQueue);
    woken = jest.spyOn(jobs as unknown as { wake(queue: string): void }, 'wake');
  });

  afterAll(async () => {
    await t.close();
  });

  beforeEach(() => woken.mockClear());

  const stateOf = async (key: string) => {
    const rows = await t.dataSource.query<Array<{ state: string }>>(
      `SELECT state FROM ${JOB_SCHEMA}.job WHERE name = $1 AND id = $2`,
      [PASSWORD_LINK_QUEUE, jobId(PASSWORD_LINK_QUEUE, key)],
    );
    return rows[0]?.state;
  };

  it('wakes the workers after the commit, not before, and the job runs', async () => {
    const key = randomUUID();
    await t.dataSource.transaction(async (manager) => {
      await jobs.send(PASSWORD_LINK_QUEUE, { data: { linkId: null }, key }, manager);
      expect(woken).not.toHaveBeenCalled();
    });
    expect(woken).toHaveBeenCalledWith(PASSWORD_LINK_QUEUE);
    await jobsSettled(t.dataSource);
    expect(await stateOf(key)).toBe('completed');
  });

  it('wakes them once the outer transaction commits, not at a nested one', async () => {
    const key = randomUUID();
    await t.dataSource.transaction(async (manager) => {
      await manager.transaction(async (inner) => {
        await jobs.send(PASSWORD_LINK_QUEUE, { data: { linkId: null }, key }, inner);
      });
      expect(woken).not.toHaveBeenCalled();
    });
    expect(woken).toHaveBeenCalledTimes(1);
  });

  it('does not wake them for a transaction that rolled back, and its job does not exist', async () => {
    const key = randomUUID();
    await expect(
      t.dataSource.transaction(async (manager) => {
        await jobs.send(PASSWORD_LINK_QUEUE, { data: { linkId: null }, key }, manager);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(woken).not.toHaveBeenCalled();
    expect(await stateOf(key)).toBeUndefined();
    // The next transaction's jobs still wake them: nothing was left behind.
    await t.dataSource.transaction((manager) =>
      jobs.send(PASSWORD_LINK_QUEUE, { data: { linkId: null }, key: randomUUID() }, manager),
    );
    expect(woken).toHaveBeenCalledTimes(1);
  });
});
