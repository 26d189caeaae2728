import { parentPort } from 'node:worker_threads';
import { analyzeLinkage } from './linkage-analysis';
import type { AnalysisReply, AnalysisRequest } from './linkage-analysis-pool';

/**
 * The worker thread of LinkageAnalysisPool: analyzeLinkage() on each input it is sent, in
 * order. An input the analysis rejects is answered with `failed`; the pool then runs it where
 * it was asked for, so the caller gets the very error the analysis throws.
 */
const port = parentPort!;
port.on('message', ({ id, input }: AnalysisRequest) => {
  let reply: AnalysisReply;
  try {
    reply = { kind: 'done', id, analysis: analyzeLinkage(input) };
  } catch {
    reply = { kind: 'failed', id };
  }
  port.postMessage(reply);
});
port.postMessage({ kind: 'ready' } satisfies AnalysisReply);
