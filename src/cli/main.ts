import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app.config';
import { CliCommand, CliOutput } from './cli-command';
import { demoCommand } from './demo.command';
import { importDirectoryCommands } from './import-directory.command';
import { importResponsesCommand } from './import-responses.command';
import { reportCommand } from './report.command';

/** Every command `npm run cli -- <name>` knows; add yours here. */
export const COMMANDS: CliCommand[] = [...importDirectoryCommands, importResponsesCommand, demoCommand, reportCommand];

export function findCommand(name: string | undefined): CliCommand | undefined {
  return COMMANDS.find((c) => c.name === name);
}

export function writeHelp(out: CliOutput): void {
  out.write('Usage: npm run cli -- <command> [arguments]\n\nCommands:\n');
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  for (const command of COMMANDS)
    out.write(`  ${command.usage.padEnd(width)}  ${command.description}\n`);
}

/** Boots the application (database, migrations; job workers only if the command asks) and runs one command. */
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
  let app: INestApplicationContext | undefined;
  try {
    app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
      logger: ['error', 'warn'],
    });
    return await command.run(args, app, process.stdout);
  } finally {
    await app?.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
