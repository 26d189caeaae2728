import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { analyzeLinkage } from './linkage-analysis';
import type { LinkageAnalysis, LinkageInput } from './linkage.types';

/**
 * Unit × cycle rows from which an analysis goes to the worker. Below it, copying the rows there
 * and the result back costs more than the analysis itself.
 */
export const WORKER_MIN_ROWS = 1000;

export interface AnalysisRequest {
  id: number;
  input: LinkageInput;
}

export type AnalysisReply =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; analysis: LinkageAnalysis }
  | { kind: 'failed'; id: number };

interface Pending {
  input: LinkageInput;
  resolve: (analysis: LinkageAnalysis) => void;
  reject: (error: unknown) => void;
}

/**
 * A pool of one worker thread for analyzeLinkage(), a pure function that takes a few hundred
 * milliseconds of CPU for thousands of units (mostly its bootstrap). A report build runs it
 * there while its own thread reads the database and draws the other sections. The result is
 * the same wherever it runs: the worker runs the same code on a copy of the same input, and
 * numbers cross threads unchanged. Small analyses, and any analysis asked for before the
 * worker has loaded or after it has gone, run in the caller's thread. The worker does not keep
 * the process alive.
 */
export class LinkageAnalysisPool {
  private worker: Worker | null = null;
  private ready = false;
  private loaded: Promise<boolean> = Promise.resolve(false);
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  /**
   * Starts the worker, which loads in the background (nothing waits for it), unless it is
   * running. Resolves when it has loaded (true) or has gone before it could (false).
   */
  start(): Promise<boolean> {
    if (this.worker !== null) return this.loaded;
    const worker = startWorker();
    this.worker = worker;
    this.loaded = new Promise((settle) => {
      worker.on('message', (reply: AnalysisReply) => {
        if (reply.kind === 'ready') {
          this.ready = true;
          settle(true);
        } else this.receive(reply);
      });
      const gone = () => {
        this.drop(worker);
        settle(false);
      };
      worker.on('error', gone);
      worker.on('exit', gone);
    });
    // After the listeners: adding a 'message' listener makes the worker hold the process again.
    worker.unref();
    return this.loaded;
  }

  /** analyzeLinkage(input), in the worker when the input is large enough and it is ready. */
  analyze(input: LinkageInput): Promise<LinkageAnalysis> {
    if (input.rows.length < WORKER_MIN_ROWS) return this.inline(input);
    void this.start();
    if (!this.ready || this.worker === null) return this.inline(input);
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { input, resolve, reject });
      worker.postMessage({ id, input } satisfies AnalysisRequest);
    });
  }

  /** Stops the worker; analyses still under way there finish in the caller's thread. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (worker === null) return;
    this.drop(worker);
    await worker.terminate();
  }

  private receive(reply: Exclude<AnalysisReply, { kind: 'ready' }>): void {
    const waiting = this.pending.get(reply.id);
    if (waiting === undefined) return;
    this.pending.delete(reply.id);
    if (reply.kind === 'done') waiting.resolve(reply.analysis);
    else this.settleInline(waiting);
  }

  private drop(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.ready = false;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const entry of waiting) this.settleInline(entry);
  }

  private inline(input: LinkageInput): Promise<LinkageAnalysis> {
    return new Promise((resolve, reject) => this.settleInline({ input, resolve, reject }));
  }

  private settleInline({ input, resolve, reject }: Pending): void {
    try {
      resolve(analyzeLinkage(input));
    } catch (error) {
      reject(error);
    }
  }
}

/**
 * The worker, from the same kind of file as this one: compiled JavaScript in production, the
 * TypeScript sources (through ts-node) when the application itself runs from them.
 */
function startWorker(): Worker {
  const file = join(__dirname, `linkage-analysis.worker${extname(__filename)}`);
  if (extname(__filename) !== '.ts') return new Worker(file);
  return new Worker(
    `require(${JSON.stringify(require.resolve('ts-node'))}).register({ transpileOnly: true });
     require(${JSON.stringify(file)});`,
    { eval: true },
  );
}
