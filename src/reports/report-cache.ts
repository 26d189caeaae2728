import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  READ_INPUTS,
  type ReadInput,
  reportFingerprint,
} from '../analytics/queries/report-fingerprint.query';
import type { ReadMemo } from '../analytics/read-memo';
import { Metrics } from '../metrics/metrics.service';

/**
 * Entries kept at once: report data, the pages built from it and the reads they share. One
 * page takes six to eight (its data, its page, the stats, retention, churn and comments it
 * read), so this keeps about twenty pages: everything a reader goes through in a sitting, and
 * a few readers' scopes. At 32, eight pages (the linkage report, four cycles, three regions)
 * pushed each other out, and going through them again rebuilt every one.
 */
const MAX_ENTRIES = 160;
/** Belt and braces: even an unchanged fingerprint is re-checked by a rebuild this often. */
const MAX_AGE_MS = 10 * 60 * 1000;

interface Entry {
  fingerprint: string;
  builtAt: number;
  value: Promise<unknown>;
}

/**
 * The data as it stands at one moment, summarized by its fingerprint: everything a request
 * looks up or builds goes through the one it took first, so a report and the page drawn from
 * it always belong to the same data.
 */
export interface ReportSnapshot extends ReadMemo {
  readonly fingerprint: string;
  getOrBuild<T>(key: string, build: () => Promise<T>): Promise<T>;
}

/**
 * The one cache of the report build path. The same report is asked for again and again (every
 * executive, every CSV, the JSON), while the data behind it changes only when a cycle opens,
 * closes or is imported, the directory changes, or follow-through moves on. So report data,
 * and the page models built from it, are built once and reused for as long as a fingerprint of
 * all of those inputs is unchanged; one small round of queries per request checks it. Keys
 * include the reader's scope, so a manager's subtree report is never served to anyone else
 * (and scope checks run before the cache is consulted). Only reports of closed cycles are
 * kept: nothing answer-derived of an open cycle is ever built (privacy rule 3), and its
 * participation page is read fresh each time.
 */
@Injectable()
export class ReportCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: Metrics,
  ) {}

  /** Takes the fingerprint of the data now; builds through it never read older data. */
  async snapshot(): Promise<ReportSnapshot> {
    const parts = await reportFingerprint(this.dataSource.manager);
    const fingerprint = READ_INPUTS.map((p) => parts[p]).join('');
    return {
      fingerprint,
      getOrBuild: <T>(key: string, build: () => Promise<T>) =>
        this.getOrBuild(fingerprint, key, build),
      // A read is kept under the parts it depends on alone: a directory change, say, leaves
      // the stats of closed cycles (the largest read) as they are.
      keep: <T>(key: string, inputs: readonly ReadInput[], read: () => Promise<T>) =>
        this.getOrBuild(inputs.map((p) => `${p}:${parts[p]}`).join(''), `read:${key}`, read),
    };
  }

  private getOrBuild<T>(fingerprint: string, key: string, build: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.fingerprint === fingerprint && Date.now() - hit.builtAt < MAX_AGE_MS) {
      // Most recently used last, so the oldest is the first to go.
      this.entries.delete(key);
      this.entries.set(key, hit);
      this.metrics.countReportCacheLookup('hit');
      return hit.value as Promise<T>;
    }
    this.metrics.countReportCacheLookup('miss');
    const value = build();
    this.entries.set(key, { fingerprint, builtAt: Date.now(), value });
    // A failed build is not kept: the next request tries again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /** Forget everything, e.g. after a test changes data without touching timestamps. */
  clear(): void {
    this.entries.clear();
  }
}
