/**
 * Jest's runtime with two differences, for speed (used with test/support/jest-environment.js):
 *
 * - Every spec file's modules run in the worker's own global context rather than in a vm context
 *   of their own. In a vm context every read of a global name goes through Node's interceptor on
 *   the context's global object, and objects made by a package loaded once (below) would belong
 *   to another realm than the spec's own (instanceof, toStrictEqual).
 * - Packages under node_modules are loaded once per worker by Node's own require and shared by
 *   the spec files that worker runs. Jest loads them again for every file: NestJS, TypeORM,
 *   Fastify, Vega, class-validator and the rest took 1.5-2 s of every file's start, and their code
 *   ran cold in every file. The project's own modules (src/, test/) are still loaded afresh for
 *   each file, so each file still gets its own application, caches and module state.
 *
 * A package a spec mocks with jest.mock is left to jest. Spies on a shared package's exports
 * outlive the file unless restored (none of the specs leaves one behind).
 */
const Runtime = require('jest-runtime').default;

const { sep } = require('node:path');

const NODE_MODULES = `${sep}node_modules${sep}`;

class SharedPackagesRuntime extends Runtime {
  createScriptFromCode(scriptSource, filename) {
    const script = super.createScriptFromCode(scriptSource, filename);
    return {
      runInContext: (_context, options) => script.runInThisContext(options),
    };
  }

  requireModuleOrMock(from, moduleName) {
    // Only a spec's or the project's own modules come through here (a package's requires are
    // Node's), so a relative or absolute path is one of ours: no need to resolve it twice.
    if (
      !/^[./]/.test(moduleName) &&
      moduleName !== '@jest/globals' &&
      !this._resolver.isCoreModule(moduleName)
    ) {
      let path = null;
      try {
        path = this._resolveCjsModule(from, moduleName);
      } catch {
        // Not found: jest's own require below reports it in its words.
      }
      if (
        path?.includes(NODE_MODULES) &&
        !this._shouldMockCjs(from, moduleName, this._explicitShouldMock)
      )
        return require(path);
    }
    return super.requireModuleOrMock(from, moduleName);
  }
}

module.exports = SharedPackagesRuntime;
