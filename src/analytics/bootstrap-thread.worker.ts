import { parentPort } from 'node:worker_threads';
import { SharedBootstrap, type BootstrapWork, type SliceResults } from './shared-bootstrap';

/**
 * The thread BootstrapThread starts: for each request, it takes slices of the resampling from
 * the counter it shares with the main thread until none is left (SharedBootstrap), and answers
 * with what the slices it made gave. An exception is answered too, so the request can be
 * finished where it came from.
 */
interface Request {
  id: number;
  work: BootstrapWork;
  claims: SharedArrayBuffer;
}

parentPort?.on('message', ({ id, work, claims }: Request) => {
  try {
    const done: SliceResults = new Map();
    new SharedBootstrap(work, new Int32Array(claims)).take(done);
    parentPort?.postMessage({ id, done });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
