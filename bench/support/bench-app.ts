import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module';
import { benchConfig, withBenchPostgres, withScratchDatabase } from './bench-postgres';

// Apart from bench-postgres.ts, so that benchmarks which do not start the application (linkage)
// do not load it: their memory figures are their own.

/**
 * Runs `work` with the application (no HTTP server) on a scratch database of a benchmark
 * PostgreSQL, configured by benchConfig() with `overrides`, and closes it afterwards.
 */
export function withBenchApp<T>(
  overrides: Record<string, string>,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  return withBenchPostgres((adminUrl) =>
    withScratchDatabase(adminUrl, async (url, dataDir) => {
      const app = await NestFactory.createApplicationContext(
        AppModule.forRoot(benchConfig(url.toString(), dataDir, overrides)),
        { logger: ['error'] },
      );
      try {
        return await work(app);
      } finally {
        await app.close();
      }
    }),
  );
}
