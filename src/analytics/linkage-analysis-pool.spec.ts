import { buildLinkageInput } from '../../test/fixtures/analytics/linkage-factory';
import * as analysisModule from './linkage-analysis';
import { analyzeLinkage } from './linkage-analysis';
import { LinkageAnalysisPool, WORKER_MIN_ROWS } from './linkage-analysis-pool';

describe(LinkageAnalysisPool.name, () => {
  const pool = new LinkageAnalysisPool();
  afterAll(() => pool.stop());
  afterEach(() => jest.restoreAllMocks());

  // Three cycles of 400 units: over WORKER_MIN_ROWS, so it goes to the worker.
  const large = buildLinkageInput({ units: 400, cycles: 3, seed: 9 });

  it('gives exactly the analysis of the caller’s own thread, computed in the worker', async () => {
    expect(large.rows.length).toBeGreaterThanOrEqual(WORKER_MIN_ROWS);
    const expected = analyzeLinkage(large);
    expect(await pool.start()).toBe(true);
    const inThisThread = jest.spyOn(analysisModule, 'analyzeLinkage');
    const [first, second] = await Promise.all([pool.analyze(large), pool.analyze(large)]);
    expect(inThisThread).not.toHaveBeenCalled();
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);
  });

  it('analyses a small input in the caller’s thread', async () => {
    const small = buildLinkageInput({ units: 30, cycles: 2, seed: 3 });
    const inThisThread = jest.spyOn(analysisModule, 'analyzeLinkage');
    expect(await pool.analyze(small)).toEqual(analyzeLinkage(small));
    expect(inThisThread).toHaveBeenCalledTimes(2);
  });

  it('rejects an input the analysis rejects with the analysis’s own error', async () => {
    expect(await pool.start()).toBe(true);
    const bad = { ...large, cycles: [...large.cycles, large.cycles[0]] };
    let thrown: unknown;
    try {
      analyzeLinkage(bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    await expect(pool.analyze(bad)).rejects.toThrow((thrown as Error).message);
  });

  it('finishes in the caller’s thread what the worker had not answered when it stopped', async () => {
    const other = new LinkageAnalysisPool();
    expect(await other.start()).toBe(true);
    const pending = other.analyze(large);
    await other.stop();
    expect(await pending).toEqual(analyzeLinkage(large));
  });
});
