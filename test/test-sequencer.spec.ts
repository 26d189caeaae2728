import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './support/temp-dir';

/** What the spec needs of a jest test: its path and the context jest's sequencer reads. */
interface FakeTest {
  path: string;
  context: unknown;
}
interface Sequencer {
  sort(tests: FakeTest[]): FakeTest[];
  cacheResults(tests: FakeTest[], results: unknown): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RecordedTimesSequencer = require('./support/test-sequencer') as new () => Sequencer;

const ROOT = join(__dirname, '..');
const RECORDED = JSON.parse(
  readFileSync(join(__dirname, 'support', 'file-durations.json'), 'utf8'),
) as Record<string, number>;

/** Three recorded files, the longest of them the smallest (as the site walks are), and one new. */
const SIZES: Record<string, number> = {
  'test/site-walk.browser.e2e.spec.ts': 400,
  'test/attacks/mail-once.e2e.spec.ts': 3_000,
  'src/auth/safe-next.spec.ts': 90_000,
  'test/not-recorded.e2e.spec.ts': 2_000,
};

/** The same four tests each time, in one context whose jest cache starts empty. */
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
  it("without jest's own timings, runs a file not recorded first, then the recorded ones longest first", () => {
    const recorded = Object.keys(SIZES).filter((path) => path in RECORDED);
    expect(recorded).toHaveLength(3);
    recorded.sort((a, b) => RECORDED[b] - RECORDED[a]);
    // By size alone, the site walk would run last.
    expect(recorded[0]).toBe('test/site-walk.browser.e2e.spec.ts');
    expect(paths(new RecordedTimesSequencer().sort(fakeTests()()))).toEqual([
      'test/not-recorded.e2e.spec.ts',
      ...recorded,
    ]);
  });

  it("with timings of jest's own, goes by them: failed first, then the longest", () => {
    const tests = fakeTests();
    const result = (path: string, runtime: number, failing = 0) => ({
      testFilePath: join(ROOT, path),
      numFailingTests: failing,
      skipped: false,
      perfStats: { runtime, start: 0, end: runtime },
    });
    new RecordedTimesSequencer().cacheResults(tests(), {
      testResults: [
        result('test/site-walk.browser.e2e.spec.ts', 1_000),
        result('test/attacks/mail-once.e2e.spec.ts', 500, 1),
        result('src/auth/safe-next.spec.ts', 60_000),
        result('test/not-recorded.e2e.spec.ts', 5_000),
      ],
    });
    // A new run reads what the last one recorded in jest's cache.
    expect(paths(new RecordedTimesSequencer().sort(tests()))).toEqual([
      'test/attacks/mail-once.e2e.spec.ts',
      'src/auth/safe-next.spec.ts',
      'test/not-recorded.e2e.spec.ts',
      'test/site-walk.browser.e2e.spec.ts',
    ]);
  });
});
