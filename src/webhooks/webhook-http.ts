import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { guardedLookup, parseTarget, TargetPolicy } from './webhook-target';

export interface PostResult {
  /** null: no HTTP answer (refused, timed out, connection failed). */
  status: number | null;
  durationMs: number;
  error: string | null;
}

/** Bytes of a receiver's answer read before it is dropped (the body is never stored). */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one webhook body. Redirects are not followed (a 3xx is a failed attempt), the address
 * connected to is checked against the policy, and the whole exchange is bounded by `timeoutMs`.
 */
export function postWebhook(
  target: string,
  body: string,
  headers: Record<string, string>,
  policy: TargetPolicy,
  options: { timeoutMs: number; extraCa?: string },
): Promise<PostResult> {
  const { timeoutMs, extraCa } = options;
  const started = performance.now();
  const done = (status: number | null, error: string | null): PostResult => ({
    status,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  let url: URL;
  try {
    url = parseTarget(target, policy);
  } catch (error) {
    return Promise.resolve(done(null, (error as Error).message));
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(policy),
        // Giving `ca` replaces the default roots, so they are passed along with the extra ones.
        ...(extraCa && url.protocol === 'https:' ? { ca: [...rootCertificates, extraCa] } : {}),
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        res.on('close', () => finish(done(res.statusCode ?? null, null)));
        res.on('error', () => finish(done(res.statusCode ?? null, null)));
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`No answer within ${timeoutMs / 1000} s.`));
    }, timeoutMs);
    req.on('error', (error) => finish(done(null, error.message)));
    req.end(body);
  });
}
