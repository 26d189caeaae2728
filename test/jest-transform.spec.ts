import { runInNewContext } from 'node:vm';

/** The transformer every spec's TypeScript goes through (jest.config.js). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { withLocalBuiltIns } = require('./support/jest-transform') as {
  withLocalBuiltIns: (code: string) => string;
};

describe('jest-transform', () => {
  const compiled =
    '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.r = Math.max(2, 3);\n';

  it('keeps the "use strict" directive first and every line where it was', () => {
    const out = withLocalBuiltIns(compiled);
    expect(out.startsWith('"use strict";const { ')).toBe(true);
    expect(out.split('\n').slice(1)).toEqual(compiled.split('\n').slice(1));
    // Still strict: assigning to an undeclared name throws.
    expect(() => runInNewContext(withLocalBuiltIns('"use strict";\nundeclared = 1;'))).toThrow(
      /undeclared is not defined/,
    );
  });

  it('reads the built-ins once, when the module loads, from the global object', () => {
    const exports: Record<string, () => unknown> = {};
    const sandbox: Record<string, unknown> = { exports, Math: { max: () => 'at load' } };
    sandbox.globalThis = sandbox;
    const module = '"use strict";\nexports.largest = () => Math.max(2, 3);\n';
    runInNewContext(`(function (exports) {${withLocalBuiltIns(module)}})(exports)`, sandbox);
    sandbox.Math = { max: () => 'later' };
    expect(exports.largest()).toBe('at load');
  });

  it('leaves code without the directive sloppy, as it was', () => {
    expect(runInNewContext(withLocalBuiltIns('undeclared = 2; undeclared * JSON.parse("3")'))).toBe(
      6,
    );
  });
});
