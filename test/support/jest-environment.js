/**
 * Jest's Node environment whose global object is the worker's own (see jest-runtime.js beside
 * it, which runs the modules in this context). Each spec file still starts clean where it
 * matters: the metadata stores TypeORM and class-validator keep on the global object are
 * dropped after each file, since the next file declares its entities and forms again.
 *
 * TypeORM, loaded by Node, finds the migrations by their path and requires them with Node's own
 * require, so the worker compiles TypeScript there too (ts-node, transpiling only, once a file).
 */
const { TestEnvironment } = require('jest-environment-node');
const { LegacyFakeTimers, ModernFakeTimers } = require('@jest/fake-timers');
const { ModuleMocker } = require('jest-mock');

require('ts-node').register({
  transpileOnly: true,
  project: require('node:path').join(__dirname, '..', '..', 'tsconfig.jest.json'),
});

const PER_FILE_GLOBALS = ['typeormMetadataArgsStorage', 'classValidatorMetadataStorage'];

/** The real built-ins jest itself keeps on a test's global object, under its own symbols. */
function copyJestSymbols(from, to) {
  for (const key of Reflect.ownKeys(from)) {
    const jests =
      typeof key === 'symbol' ? key.description?.startsWith('jest-') : key.startsWith('jest-');
    if (jests && !Object.prototype.hasOwnProperty.call(to, key))
      Object.defineProperty(to, key, Object.getOwnPropertyDescriptor(from, key));
  }
}

function timerRef(id) {
  return {
    id,
    ref() {
      return this;
    },
    unref() {
      return this;
    },
  };
}

class WorkerGlobalEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    copyJestSymbols(this.global, globalThis);
    this.global = globalThis;
    globalThis.Error.stackTraceLimit = 100;
    // Made again on this global: jest's mocks and fake timers must act on the one code runs in.
    this.moduleMocker = new ModuleMocker(globalThis);
    this.fakeTimers = new LegacyFakeTimers({
      config: config.projectConfig,
      global: globalThis,
      moduleMocker: this.moduleMocker,
      timerConfig: { idToRef: timerRef, refToId: (timer) => timer?.id },
    });
    this.fakeTimersModern = new ModernFakeTimers({
      config: config.projectConfig,
      global: globalThis,
    });
  }

  async teardown() {
    for (const name of PER_FILE_GLOBALS) delete globalThis[name];
    await super.teardown();
  }
}

module.exports = WorkerGlobalEnvironment;
