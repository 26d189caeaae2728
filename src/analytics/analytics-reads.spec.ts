import type { DataSource } from 'typeorm';
import { AnalyticsReads } from './analytics-reads';
import type { UnitStatsService } from './unit-stats.service';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const settle = () => new Promise((r) => setImmediate(r));

describe(AnalyticsReads.name, () => {
  const queries: string[] = [];
  const dataSource = {
    query: (sql: string) => {
      queries.push(sql);
      return Promise.resolve([]);
    },
  } as unknown as DataSource;
  const stats = { listCycles: () => Promise.resolve([]) } as unknown as UnitStatsService;

  beforeEach(() => (queries.length = 0));

  it('starts no read before the event it is held until', async () => {
    const sut = new AnalyticsReads(dataSource, stats);
    const fingerprint = deferred<string>();
    sut.holdUntil(fingerprint.promise);
    const units = sut.units();
    await settle();
    expect(queries).toEqual([]);
    fingerprint.resolve('taken');
    await units;
    expect(queries).toHaveLength(1);
  });

  it('runs queued reads one at a time, a read put first ahead of those not started', async () => {
    const sut = new AnalyticsReads(dataSource, stats);
    const order: string[] = [];
    const running = new Set<string>();
    const gates = new Map<string, { resolve: () => void }>();
    const read = (name: string) => async () => {
      expect(running.size).toBe(0);
      running.add(name);
      order.push(name);
      const gate = deferred();
      gates.set(name, gate);
      await gate.promise;
      running.delete(name);
      return name;
    };
    const a = sut.inLane(read('a'));
    const b = sut.inLane(read('b'));
    await settle();
    const c = sut.inLane(read('c'), true);
    for (const name of ['a', 'c', 'b']) {
      await settle();
      gates.get(name)!.resolve();
    }
    expect(await Promise.all([a, b, c])).toEqual(['a', 'b', 'c']);
    expect(order).toEqual(['a', 'c', 'b']);
  });

  it('goes on with the queue after a read fails', async () => {
    const sut = new AnalyticsReads(dataSource, stats);
    const failed = sut.inLane(() => Promise.reject(new Error('down')));
    const next = sut.inLane(() => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('down');
    await expect(next).resolves.toBe('next');
  });
});
