import { parentPort } from 'node:worker_threads';
import {
  SharedBootstrap,
  type BootstrapRun,
  type BootstrapSettings,
  type SliceResults,
} from './linkage-correlation';

/**
 * The thread BootstrapThread starts: for each request, it takes slices of the bootstrap from
 * the counter it shares with the main thread until none is left (SharedBootstrap), and answers
 * with the r's of the slices it made. An exception is answered too, so the request can be
 * finished where it came from.
 */
interface Request {
  id: number;
  runs: BootstrapRun[];
  settings: BootstrapSettings;
  claims: SharedArrayBuffer;
}

parentPort?.on('message', ({ id, runs, settings, claims }: Request) => {
  try {
    const done: SliceResults = new Map();
    new SharedBootstrap(runs, settings, new Int32Array(claims)).take(done);
    parentPort?.postMessage({ id, done });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
