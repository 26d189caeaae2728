import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../config/app.config';
import { RunningPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { EMBEDDED_DATABASE, embeddedDir } from './standalone-database';

/** DATABASE_URL when set; otherwise an embedded PostgreSQL under the data folder, stopped on shutdown. */
@Injectable()
export class DatabaseUrlProvider implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseUrlProvider.name);
  private embedded?: RunningPostgres;

  constructor(private readonly config: ConfigService<AppConfig, true>) {}

  async resolve(): Promise<string> {
    const database = this.config.get('database', { infer: true });
    if (database.url) return database.url;
    const dir = embeddedDir(this.config.get('dataDir', { infer: true }));
    this.logger.log(`Starting embedded PostgreSQL in ${dir} on port ${database.embeddedPort}`);
    this.embedded = await startEmbeddedPostgres({
      dir,
      port: database.embeddedPort,
      database: EMBEDDED_DATABASE,
    });
    return this.embedded.url;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.embedded) return;
    this.logger.log('Stopping embedded PostgreSQL');
    await this.embedded.stop();
    this.embedded = undefined;
  }
}
