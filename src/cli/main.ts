import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { ConfigError, loadConfig } from '../config/app.config';
import { StandaloneDatabaseError, openStandaloneDatabase } from '../database/standalone-database';
import { CliCommand, CliOutput } from './cli-command';
import { demoCommand } from './demo.command';
import { importDirectoryCommands } from './import-directory.command';
import { importResponsesCommand } from './import-responses.command';
import { reportCommand } from './report.command';
import { resetPasswordCommand } from './reset-password.command';

/** Every command `npm run cli -- <name>` knows; add yours here. */
export const COMMANDS: CliCommand[] = [
  ...importDirectoryCommands,
  importResponsesCommand,
  demoCommand,
  reportCommand,
  resetPasswordCommand,
];

export function findCommand(name: string | undefined): CliCommand | undefined {
  return COMMANDS.find((c) => c.name === name);
}

export function writeHelp(out: CliOutput): void {
  out.write('Usage: npm run cli -- <command> [arguments]\n\nCommands:\n');
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  for (const command of COMMANDS)
    out.write(`  ${command.usage.padEnd(width)}  ${command.description}\n`);
}

/**
 * Opens the database (DATABASE_URL, the running app's embedded server, or one of its own), boots
 * the application on it (migrations; job workers only if the command asks) and runs one command.
 */
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = findCommand(name);
  if (!command) {
    if (name && name !== 'help' && name !== '--help')
      process.stderr.write(`Unknown command "${name}".\n\n`);
    writeHelp(process.stdout);
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  const config = { ...loadConfig(), jobsEnabled: command.jobs ?? false };
  // Beside a running `npm start`, this is that app's embedded server, left running afterwards.
  const database = await openStandaloneDatabase(config);
  let app: INestApplicationContext | undefined;
  try {
    app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ ...config, database: { ...config.database, url: database.url } }),
      { logger: ['error', 'warn'], abortOnError: false },
    );
    return await command.run(args, app, process.stdout);
  } finally {
    try {
      await app?.close();
    } finally {
      await database.close();
    }
  }
}

/** Exits once stdout is flushed: into a pipe it is written asynchronously, and a large report would be cut off. */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

if (require.main === module) {
  main(process.argv.slice(2)).then(exitAfterOutput, (error: unknown) => {
    const known = error instanceof StandaloneDatabaseError || error instanceof ConfigError;
    const message = error instanceof Error ? error.message : String(error);
    console.error(known ? message.split('\n')[0] : message);
    exitAfterOutput(1);
  });
}
