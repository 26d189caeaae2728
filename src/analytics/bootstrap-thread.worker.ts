import { parentPort } from 'node:worker_threads';
import { bootstrapHere, type BootstrapRun, type BootstrapSettings } from './linkage-correlation';

/**
 * The thread BootstrapThread starts: bootstrapHere() for each request, answered with its id.
 * An exception is answered too, so the request can be run again where it came from.
 */
interface Request {
  id: number;
  runs: BootstrapRun[];
  settings: BootstrapSettings;
}

parentPort?.on('message', ({ id, runs, settings }: Request) => {
  try {
    parentPort?.postMessage({ id, intervals: bootstrapHere(runs, settings) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
