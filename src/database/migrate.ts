import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app.config';
import { PROJECT_ROOT } from '../config/project-root';
import { pendingSchemaChanges } from './schema-drift';

const logger = new Logger('Migrations');

function migrationSource(className: string, up: string[], down: string[]): string {
  const lines = (queries: string[]) =>
    queries
      .map(
        (q) =>
          `    await queryRunner.query(\`${q.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${')}\`);`,
      )
      .join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

/** `run` applies pending migrations (booting runs them), `revert` undoes the last, `generate <Name>` diffs entities. */
async function main(): Promise<void> {
  const [command = 'run', name] = process.argv.slice(2);
  const config = { ...loadConfig(), jobsEnabled: false };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  const dataSource = app.get(DataSource);
  try {
    if (command === 'run') {
      logger.log('All migrations are applied.');
    } else if (command === 'revert') {
      await dataSource.undoLastMigration({ transaction: 'each' });
      logger.log('Reverted the last migration.');
    } else if (command === 'generate') {
      if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name))
        throw new Error('Usage: npm run migration:generate -- VerbNoun');
      const { up, down } = await pendingSchemaChanges(dataSource);
      if (up.length === 0) {
        logger.log('Entities and migrations agree: nothing to generate.');
      } else {
        const timestamp = Date.now();
        const file = join(PROJECT_ROOT, 'migrations', `${timestamp}-${name}.ts`);
        writeFileSync(file, migrationSource(`${name}${timestamp}`, up, down));
        logger.log(`Wrote ${file} (${up.length} statements). Read and tidy it before committing.`);
      }
    } else {
      throw new Error(`Unknown command "${command}". Use run, revert or generate <Name>.`);
    }
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  logger.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
