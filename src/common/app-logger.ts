import { ConsoleLogger } from '@nestjs/common';

/** Nest's start-up lines, one per module and one per route (~250): worth reading only when debugging. */
const DEBUG_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * Nest's console logger, with the framework's start-up lines at debug level, so that a start
 * shows what matters (the database, the address, the first administrator). `LOG_LEVEL=debug`
 * shows them again.
 */
export class AppLogger extends ConsoleLogger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    // Nest passes the context last; a logger created with a context has it as its own.
    const context = optionalParams.length > 0 ? optionalParams.at(-1) : this.context;
    if (typeof context === 'string' && DEBUG_CONTEXTS.has(context))
      return this.debug(message, ...optionalParams);
    super.log(message, ...optionalParams);
  }
}
