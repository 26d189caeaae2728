import { runInThisContext } from 'node:vm';

/**
 * Node's own require, as the worker has it (test/support/jest-runtime.js hands packages to it).
 * Jest answers `node:module` with a createRequire of its own, so the real one is asked of Node.
 */
const nodeRequire = process.getBuiltinModule('node:module').createRequire(__filename);

describe('the runtime the specs run in (jest.config.js)', () => {
  it('shares packages: a spec gets the copy Node loaded once for the worker', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require('csv-parse')).toBe(nodeRequire('csv-parse'));
  });

  it("loads the project's own modules afresh for the spec file, apart from Node's copy", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mine: unknown = require('../src/auth/safe-next');
    expect(mine).not.toBe(nodeRequire('../src/auth/safe-next'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require('../src/auth/safe-next')).toBe(mine);
  });

  it("runs the spec in the worker's own global context, so a package's objects are of the spec's realm", () => {
    expect(runInThisContext('globalThis')).toBe(globalThis);
    const { parse } = nodeRequire('csv-parse/sync') as { parse: (text: string) => unknown };
    const rows = parse('a,b\n1,2\n');
    expect(rows).toBeInstanceOf(Array);
    expect(rows).toStrictEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});
