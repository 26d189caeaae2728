import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.setup';
import { FirstAdminService } from './auth/first-admin.service';
import { ConfigError, loadConfig } from './config/app.config';
import { limitHeapGrowth } from './config/heap-growth';

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
  await app.get(FirstAdminService).ensureFirstAdmin();
  await app.listen(config.port, config.host);
  new Logger('Tandem').log(`Tandem is running at ${config.appUrl}`);
}

void bootstrap();
