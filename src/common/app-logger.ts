import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { currentRequestId } from './request-context';

/** Nest's start-up lines, one per module and one per route (~250): worth reading only when debugging. */
const DEBUG_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** A message given as fields: `msg` plus whatever else a JSON line should carry. */
export interface LogFields {
  msg: string;
  [field: string]: unknown;
}

const isLogFields = (message: unknown): message is LogFields =>
  typeof message === 'object' &&
  message !== null &&
  !(message instanceof Error) &&
  typeof (message as { msg?: unknown }).msg === 'string';

/**
 * Nest's console logger, with the framework's start-up lines at debug level, so that a start
 * shows what matters (the database, the address, the first administrator). `LOG_LEVEL=debug`
 * shows them again. Constructed with `json: true` (LOG_FORMAT=json), each line is one JSON
 * object: time, level, context, msg, and reqId when it was written while a request was handled.
 */
export class AppLogger extends ConsoleLogger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    // Nest passes the context last; a logger created with a context has it as its own.
    const context = optionalParams.length > 0 ? optionalParams.at(-1) : this.context;
    if (typeof context === 'string' && DEBUG_CONTEXTS.has(context))
      return this.debug(message, ...optionalParams);
    super.log(message, ...optionalParams);
  }

  get json(): boolean {
    return this.options.json === true;
  }

  protected override printAsJson(
    message: unknown,
    options: {
      context: string;
      logLevel: LogLevel;
      writeStreamType?: 'stdout' | 'stderr';
      errorStack?: unknown;
    },
  ): void {
    const reqId = currentRequestId();
    const fields = isLogFields(message) ? message : { msg: message };
    const line = this.stringifyJsonLogObject({
      time: new Date().toISOString(),
      level: options.logLevel,
      ...(options.context ? { context: options.context } : {}),
      ...(reqId ? { reqId } : {}),
      ...fields,
      ...(options.errorStack ? { stack: options.errorStack } : {}),
    });
    process[options.writeStreamType ?? 'stdout'].write(`${line}\n`);
  }
}
