import { Worker } from 'node:worker_threads';
import { buildLinkageInput } from '../../test/fixtures/analytics/linkage-factory';
import { BootstrapThread, MIN_DRAWS_ELSEWHERE } from './bootstrap-thread';
import { analyzeLinkage, analyzeLinkageBeside } from './linkage-analysis';
import type { BootstrapRun } from './linkage-correlation';
import {
  LAGGED_RESAMPLES_PER_SLICE,
  resampleHere,
  RESAMPLES_PER_SLICE,
  type BootstrapWork,
} from './shared-bootstrap';
import { mulberry32 } from './stats/bootstrap';
import { planLagged } from './stats/panel-lagged';
import type { LinkageInput } from './linkage.types';

/** Large enough that the pairs' bootstrap goes to the other thread. */
const UNITS = 300;

function input(seed: number): LinkageInput {
  const built = buildLinkageInput({ units: UNITS, cycles: 3, seed });
  return { ...built, options: { ...built.options, bootstrapResamples: 2000, panelResamples: 50 } };
}

describe(BootstrapThread.name, () => {
  let thread: BootstrapThread;

  beforeEach(() => {
    thread = new BootstrapThread();
  });

  afterEach(async () => {
    await thread.onModuleDestroy();
  });

  it('is asked only when the bootstrap is large', () => {
    expect(UNITS * 2000).toBeGreaterThanOrEqual(MIN_DRAWS_ELSEWHERE);
  });

  it('gives the analysis the same answer, to the last bit, as the analysis on one thread', async () => {
    const asked = jest.spyOn(Worker.prototype, 'postMessage');
    for (const seed of [1, 2]) {
      const here = analyzeLinkage(input(seed));
      const beside = await analyzeLinkageBeside(input(seed), thread.run);
      expect(here.status).toBe('ok');
      expect(beside.pairs.some((p) => p.result.status === 'ok')).toBe(true);
      expect(beside).toEqual(here);
    }
    expect(asked).toHaveBeenCalledTimes(2);
    asked.mockRestore();
  });

  it('answers requests made at the same time, each with its own intervals', async () => {
    const [a, b] = await Promise.all([
      analyzeLinkageBeside(input(3), thread.run),
      analyzeLinkageBeside(input(4), thread.run),
    ]);
    expect(a).toEqual(analyzeLinkage(input(3)));
    expect(b).toEqual(analyzeLinkage(input(4)));
    expect(a.pairs[0]).not.toEqual(b.pairs[0]);
  });

  it('shares the resamples with this thread, each slice made once, with the same results', async () => {
    const draw = mulberry32(8);
    const x = Array.from({ length: 600 }, () => draw());
    const runs: BootstrapRun[] = [
      {
        variables: [x, x.map((v) => v + draw()), x.map(() => draw())],
        pairs: [
          [0, 1],
          [2, 1],
        ],
      },
      { variables: [x.slice(0, 400), x.slice(200)], pairs: [[0, 1]] },
    ];
    const settings = { resamples: 2000, seed: 4 };
    // The lagged models' bootstrap over 300 units in 3 cycles, in slices of its own.
    const lagged = planLagged(
      Array.from({ length: 900 }, (_, i) => ({
        unit: i % 300,
        cycle: Math.floor(i / 300),
        x: x[i % 600],
        y: x[i % 600] / 2 + draw(),
      })),
      { resamples: 700, seed: 4 },
    ).resampling;
    for (const work of [
      { runs, settings, lagged: null },
      { runs, settings, lagged },
    ] satisfies BootstrapWork[]) {
      await thread.run(work).results; // the thread started and ready
      const job = thread.run(work);
      const madeHere = await job.share();
      expect(madeHere).toBeGreaterThan(0);
      expect(madeHere).toBeLessThanOrEqual(
        runs.length * (2000 / RESAMPLES_PER_SLICE) +
          (work.lagged ? 700 / LAGGED_RESAMPLES_PER_SLICE : 0),
      );
      expect(await job.share()).toBe(0); // none left to take
      const results = await job.results;
      expect(results).toEqual(resampleHere(work));
      expect(results.lagged).toHaveLength(work.lagged ? 1400 : 0);
    }
  });

  it('still answers, on the main thread, when the thread is gone mid-request', async () => {
    const staged = analyzeLinkageBeside(input(5), thread.run);
    await thread.onModuleDestroy();
    expect(await staged).toEqual(analyzeLinkage(input(5)));
  });
});
