import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.setup';
import { FirstAdminService } from './auth/first-admin.service';
import { ConfigError, loadConfig } from './config/app.config';
import { limitHeapGrowth } from './config/heap-growth';

/** A stopping instance exits within this time, whatever is still running (README). */
const SHUTDOWN_SECONDS = 10;

/**
 * Nest's shutdown hooks stop job workers and give back unsent mail; should anything hang, the
 * process still ends in time (what it held is leased, so another instance takes it over).
 */
function exitIfShutdownStalls(): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => {
      setTimeout(() => {
        new Logger('Tandem').error(`Shutdown took over ${SHUTDOWN_SECONDS} s; exiting now.`);
        process.exit(1);
      }, SHUTDOWN_SECONDS * 1000).unref();
    });
}

async function bootstrap(): Promise<void> {
  limitHeapGrowth();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  exitIfShutdownStalls();
  const firstAdmins = app.get(FirstAdminService);
  const firstAdmin = await firstAdmins.ensureFirstAdmin();
  await app.listen(config.port, config.host);
  new Logger('Tandem').log(`Tandem is running at ${config.appUrl}`);
  // Last, so that the one-time password is not scrolled away by other start-up lines.
  if (firstAdmin) firstAdmins.printFirstAdmin(firstAdmin);
}

void bootstrap();
