import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BootstrapElsewhere, BootstrapJob } from './linkage-analysis';
import {
  resampleHere,
  SharedBootstrap,
  type BootstrapResults,
  type BootstrapWork,
  type SliceResults,
} from './shared-bootstrap';

/**
 * Below this many drawn units (units × resamples, summed over the pairs' runs and the lagged
 * bootstrap) the resampling runs on the caller's thread: handing it over costs more than it
 * saves.
 */
export const MIN_DRAWS_ELSEWHERE = 400_000;

interface Pending {
  bootstrap: SharedBootstrap;
  /** the slices made on this thread */
  here: SliceResults;
  resolve: (results: BootstrapResults) => void;
}

/** Units drawn over the whole resampling. */
function drawsOf({ runs, settings, lagged }: BootstrapWork): number {
  const units = runs.reduce((sum, run) => sum + (run.variables[0]?.length ?? 0), 0);
  return units * settings.resamples + (lagged ? lagged.table.groups * lagged.resamples : 0);
}

/**
 * A second thread for the linkage analysis' resampling (analyzeLinkageBeside): the pairs' and
 * the lagged panel models' bootstraps, with 2,000 units about two thirds of the analysis, while
 * the other sections go on beside it. The resampling is cut into slices that both threads take
 * from one shared counter: the thread starts at once, and the main thread joins in when it is
 * done with the rest (share()), so neither waits for the other while slices are left. One
 * thread, started on first use and kept; it keeps the process alive only while it is asked
 * something. Whatever goes wrong over there (the thread failing to start, an exception, the
 * thread dying) the slices it did not deliver are made here: the answer is the same either
 * way, only later.
 */
@Injectable()
export class BootstrapThread implements OnModuleDestroy {
  private readonly logger = new Logger(BootstrapThread.name);
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  /** BootstrapElsewhere: on the other thread and this one when the work is large enough. */
  readonly run: BootstrapElsewhere = (work): BootstrapJob => {
    if (drawsOf(work) < MIN_DRAWS_ELSEWHERE)
      return { results: Promise.resolve(resampleHere(work)), share: () => Promise.resolve(0) };
    const bootstrap = new SharedBootstrap(work);
    const here: SliceResults = new Map();
    const id = this.nextId++;
    const results = new Promise<BootstrapResults>((resolve) => {
      this.pending.set(id, { bootstrap, here, resolve });
      try {
        const worker = this.thread();
        // Waited for, the thread keeps the process alive; idle, it does not.
        worker.ref();
        worker.postMessage({ id, work, claims: bootstrap.claims.buffer });
      } catch (error) {
        this.fail(error);
      }
    });
    return { results, share: () => shareBetweenTasks(bootstrap, here) };
  };

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker =
      extname(__filename) === '.ts'
        ? new Worker(fromSources(join(__dirname, 'bootstrap-thread.worker.ts')), { eval: true })
        : new Worker(join(__dirname, 'bootstrap-thread.worker.js'));
    worker.on('message', (message: { id: number; done?: SliceResults; error?: string }) => {
      const request = this.pending.get(message.id);
      if (!request) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.done) this.finish(request, message.done);
      else this.finishHere(message.id, request, message.error);
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      if (this.pending.size > 0) this.fail(new Error(`the bootstrap thread exited with ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  /** Every request still waiting is finished here; the next one starts a new thread. */
  private fail(error: unknown): void {
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
    for (const [id, request] of this.pending) {
      this.pending.delete(id);
      this.finishHere(id, request, error instanceof Error ? error.message : String(error));
    }
  }

  private finishHere(id: number, request: Pending, why: string | undefined): void {
    this.logger.warn(`Bootstrap ${id} is finished on the main thread: ${why ?? 'no answer'}`);
    this.finish(request, new Map());
  }

  /** The results from the slices made there and here (SharedBootstrap.results). */
  private finish({ bootstrap, here, resolve }: Pending, there: SliceResults): void {
    resolve(bootstrap.results(new Map([...here, ...there])));
  }
}

/**
 * Takes slices one at a time, letting this thread's other waiting work (a report's other
 * sections, say) run between them: that work is this thread's alone, the slices are either
 * thread's, so the other thread is kept busy to the end.
 */
async function shareBetweenTasks(bootstrap: SharedBootstrap, here: SliceResults): Promise<number> {
  let taken = 0;
  while (bootstrap.takeOne(here)) {
    taken++;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return taken;
}

/**
 * The thread's code when this process runs from the sources (ts-node, jest): its TypeScript
 * compiled by ts-node with TypeScript's own compiler. Not with SWC, which ts-node uses
 * elsewhere (tsconfig.json): SWC is a native addon, and a thread that loaded it and was then
 * stopped mid-request could bring the whole process down (a segmentation fault of a jest
 * worker, in bootstrap-thread.spec.ts).
 */
function fromSources(file: string): string {
  const register = JSON.stringify(require.resolve('ts-node'));
  return `require(${register}).register({ transpileOnly: true, swc: false });
require(${JSON.stringify(file)});`;
}
