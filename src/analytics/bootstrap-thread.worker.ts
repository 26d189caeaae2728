import { parentPort } from 'node:worker_threads';
import {
  takeSlices,
  type BootstrapRun,
  type BootstrapSettings,
  type BootstrapSlice,
} from './linkage-correlation';

/**
 * The thread BootstrapThread starts: for each request, it takes the request's slices from the
 * counter it shares with the main thread until none is left, and answers with the r's of the
 * slices it made. An exception is answered too, so the request can be finished where it came
 * from.
 */
interface Request {
  id: number;
  runs: BootstrapRun[];
  settings: BootstrapSettings;
  slices: BootstrapSlice[];
  claims: SharedArrayBuffer;
}

parentPort?.on('message', ({ id, runs, settings, slices, claims }: Request) => {
  try {
    const done = new Map<number, Float64Array[]>();
    takeSlices(new Int32Array(claims), runs, settings, slices, done);
    parentPort?.postMessage({ id, done });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
