import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './support/temp-dir';

/** What the spec needs of a jest test: its path and the context jest's sequencer reads. */
interface FakeTest {
  path: string;
  duration?: number;
  context: unknown;
}
interface Sequencer {
  sort(tests: FakeTest[]): FakeTest[];
  cacheResults(tests: FakeTest[], results: unknown): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RecordedFirstSequencer = require('./support/test-sequencer') as new () => Sequencer;

const ROOT = join(__dirname, '..');
const DURATIONS = JSON.parse(
  readFileSync(join(__dirname, 'support', 'file-durations.json'), 'utf8'),
) as Record<string, number>;

/** Two recorded files (small ones, as the site walks are) and four that are not recorded. */
const SIZES: Record<string, number> = {
  'test/site-walk.browser.e2e.spec.ts': 400,
  'test/attacks/mail-once.e2e.spec.ts': 3_000,
  'test/unrecorded-huge.e2e.spec.ts': 90_000,
  'test/unrecorded-small.e2e.spec.ts': 2_000,
  'test/unrecorded-pages.browser.e2e.spec.ts': 20_000,
  'src/unrecorded-big-unit.spec.ts': 200_000,
};

function fakeTests(): () => FakeTest[] {
  const dir = tempDir('sequencer');
  const context = {
    config: { cache: true, cacheDirectory: dir, id: 'sequencer-spec', haste: {}, rootDir: dir },
    hasteFS: { getSize: (path: string) => SIZES[path.slice(ROOT.length + 1)] },
  };
  return () => Object.keys(SIZES).map((path) => ({ path: join(ROOT, path), context }));
}

const paths = (tests: FakeTest[]) => tests.map((t) => t.path.slice(ROOT.length + 1));

describe('the order spec files run in (test/support/test-sequencer.js)', () => {
  it('without timings, runs recorded files longest first, then browser, end-to-end and unit files, each largest first', () => {
    const recorded = ['test/site-walk.browser.e2e.spec.ts', 'test/attacks/mail-once.e2e.spec.ts'];
    for (const path of recorded) expect(DURATIONS[path]).toBeGreaterThanOrEqual(3);
    recorded.sort((a, b) => DURATIONS[b] - DURATIONS[a]);
    expect(paths(new RecordedFirstSequencer().sort(fakeTests()()))).toEqual([
      ...recorded,
      'test/unrecorded-pages.browser.e2e.spec.ts',
      'test/unrecorded-huge.e2e.spec.ts',
      'test/unrecorded-small.e2e.spec.ts',
      'src/unrecorded-big-unit.spec.ts',
    ]);
  });

  it("with timings of its own, keeps jest's order: failed first, untimed next, then the longest", () => {
    const tests = fakeTests();
    const result = (path: string, runtime: number, failing = 0) => ({
      testFilePath: join(ROOT, path),
      numFailingTests: failing,
      skipped: false,
      perfStats: { runtime, start: 0, end: runtime },
    });
    new RecordedFirstSequencer().cacheResults(tests(), {
      testResults: [
        result('test/site-walk.browser.e2e.spec.ts', 1_000),
        result('test/attacks/mail-once.e2e.spec.ts', 500),
        result('test/unrecorded-huge.e2e.spec.ts', 60_000),
        result('test/unrecorded-pages.browser.e2e.spec.ts', 5_000),
        result('src/unrecorded-big-unit.spec.ts', 100, 1),
      ],
    });
    // A new run reads what the last one recorded; the one file it has no time for runs early.
    expect(paths(new RecordedFirstSequencer().sort(tests()))).toEqual([
      'src/unrecorded-big-unit.spec.ts',
      'test/unrecorded-small.e2e.spec.ts',
      'test/unrecorded-huge.e2e.spec.ts',
      'test/unrecorded-pages.browser.e2e.spec.ts',
      'test/site-walk.browser.e2e.spec.ts',
      'test/attacks/mail-once.e2e.spec.ts',
    ]);
  });
});
