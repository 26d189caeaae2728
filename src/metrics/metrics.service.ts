import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export type EmailOutcome = 'sent' | 'failed' | 'bounced';
export type CacheResult = 'hit' | 'miss';

const EMAIL_OUTCOMES: EmailOutcome[] = ['sent', 'failed', 'bounced'];
const CACHE_RESULTS: CacheResult[] = ['hit', 'miss'];
/** Route label of a request no route matched: the raw path is never a label (links are secrets). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The one Prometheus registry of an instance and the metrics other modules record into. Label
 * values come from small fixed sets (route patterns, outcomes, queue names), never from a URL,
 * an address or a person.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  private readonly requestDuration = new Histogram({
    name: 'tandem_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly emails = new Counter({
    name: 'tandem_emails_total',
    help: 'Messages handed to the mail server (or the outbox), by outcome: sent; failed (refused for now or not answered, tried again); bounced (refused for good, 5xx).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly reportCache = new Counter({
    name: 'tandem_report_cache_lookups_total',
    help: 'Report cache lookups (report data, pages and shared reads), by result: hit or miss.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Every series exists from the start, so a rate over a fresh instance is 0, not missing.
    for (const outcome of EMAIL_OUTCOMES) this.emails.inc({ outcome }, 0);
    for (const result of CACHE_RESULTS) this.reportCache.inc({ result }, 0);
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requestDuration.observe({ method, route, status: String(status) }, seconds);
  }

  countEmail(outcome: EmailOutcome): void {
    this.emails.inc({ outcome });
  }

  countReportCacheLookup(result: CacheResult): void {
    this.reportCache.inc({ result });
  }

  /**
   * Everything in the Prometheus text format, scrape-time gauges computed now. prom-client
   * writes a missing value as `Nan` (the event-loop lag's mean when no delay was sampled since
   * the last scrape); the format's spelling is `NaN`, which strict parsers require.
   */
  async exposition(): Promise<string> {
    return (await this.registry.metrics()).replace(/ Nan$/gm, ' NaN');
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
