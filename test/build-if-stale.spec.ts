import { mkdirSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isBuildStale, newestMtime } from '../scripts/build-if-stale';
import { tempDir } from './support/temp-dir';

describe('npm start builds only when stale', () => {
  describe(isBuildStale.name, () => {
    const built = { stampMtimeMs: 2_000, outputExists: true };

    it('skips the build when every input is older than the last build', () => {
      expect(isBuildStale({ ...built, newestInputMtimeMs: 1_999 })).toBe(false);
    });

    it('builds when an input changed at or after the last build started', () => {
      expect(isBuildStale({ ...built, newestInputMtimeMs: 2_000 })).toBe(true);
      expect(isBuildStale({ ...built, newestInputMtimeMs: 5_000 })).toBe(true);
    });

    it('builds on a fresh clone (no stamp) and when the output is gone', () => {
      expect(isBuildStale({ stampMtimeMs: null, newestInputMtimeMs: 0, outputExists: true })).toBe(
        true,
      );
      expect(isBuildStale({ ...built, newestInputMtimeMs: 1_000, outputExists: false })).toBe(true);
    });
  });

  describe(newestMtime.name, () => {
    const root = tempDir('stale');
    const at = (path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds);

    beforeAll(() => {
      mkdirSync(join(root, 'src', 'cycles'), { recursive: true });
      writeFileSync(join(root, 'src', 'cycles', 'a.ts'), '');
      writeFileSync(join(root, 'src', 'cycles', 'b.ts'), '');
      writeFileSync(join(root, 'package.json'), '{}');
      writeFileSync(join(root, 'unrelated.md'), '');
      for (const path of ['src/cycles/a.ts', 'src/cycles/b.ts', 'src/cycles', 'src'])
        at(path, 1_000);
      at('package.json', 1_500);
      at('unrelated.md', 9_000);
    });

    it('finds the newest time among the inputs, nested files included, missing ones ignored', () => {
      expect(newestMtime(root, ['src', 'package.json', 'package-lock.json'])).toBe(1_500_000);
      at('src/cycles/b.ts', 2_000);
      expect(newestMtime(root, ['src', 'package.json'])).toBe(2_000_000);
    });

    it('sees a deleted file through its folder', () => {
      unlinkSync(join(root, 'src', 'cycles', 'a.ts'));
      expect(newestMtime(root, ['src'])).toBeGreaterThan(2_000_000);
    });

    it('is 0 when no input exists', () => {
      expect(newestMtime(root, ['migrations'])).toBe(0);
    });
  });
});
