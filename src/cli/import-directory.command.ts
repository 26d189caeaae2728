import { INestApplicationContext } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { readFileSync } from 'node:fs';
import { InputError } from '../common/input-error';
import { decodeUtf8 } from '../common/utf8-text';
import { ImportRunner } from '../directory/import/import-runner.service';
import { ImportKind, ImportPhase, ImportSummary } from '../directory/import/import.types';
import { CliCommand, CliOutput } from './cli-command';

const PHASES: Record<ImportPhase, string> = {
  read: 'Reading',
  validate: 'Checking rows',
  write: 'Writing',
};

/** Files at least this long get a progress bar (on a terminal). */
const PROGRESS_FROM_BYTES = 200_000;

/**
 * `npm run cli -- import:<kind> <file.csv> [--dry-run]`: the same import as the admin pages
 * and the API — the whole file in one transaction or nothing, errors listed by line.
 */
function importCommand(kind: ImportKind, what: string): CliCommand {
  return {
    name: `import:${kind}`,
    usage: `import:${kind} <file.csv> [--dry-run]`,
    description: `Import ${what} from a CSV file (see README, "CSV formats"); --dry-run only reports.`,

    async run(args, app: INestApplicationContext, out: CliOutput = process.stdout) {
      const dryRun = args.includes('--dry-run');
      const [file] = args.filter((a) => !a.startsWith('--'));
      if (!file) {
        out.write(`Usage: npm run cli -- ${this.usage}\n`);
        return 2;
      }
      let content: string;
      try {
        content = decodeUtf8(readFileSync(file));
      } catch (error) {
        const reason = error instanceof InputError ? '' : 'Cannot read ';
        out.write(`${reason}${file}: ${(error as Error).message}\n`);
        return 2;
      }
      const progress = content.length >= PROGRESS_FROM_BYTES ? progressBar() : undefined;
      let summary: ImportSummary;
      try {
        summary = await app
          .get(ImportRunner)
          .run(kind, content, { apply: !dryRun, onProgress: progress?.update });
      } finally {
        progress?.stop();
      }
      writeSummary(out, file, summary, dryRun);
      return summary.errorCount > 0 ? 1 : 0;
    },
  };
}

function progressBar() {
  const bar = new SingleBar({
    format: '{phase} [{bar}] {value}/{total}',
    stream: process.stderr,
    clearOnComplete: true,
    hideCursor: true,
  });
  let started = false;
  return {
    update(phase: ImportPhase, done: number, total: number) {
      if (!started) bar.start(Math.max(total, 1), done, { phase: PHASES[phase] });
      started = true;
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { phase: PHASES[phase] });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function writeSummary(out: CliOutput, file: string, s: ImportSummary, dryRun: boolean): void {
  if (s.errorCount > 0) {
    out.write(`${file}: nothing was imported — ${s.errorCount} problem(s):\n`);
    for (const error of s.errors) {
      const where = error.column
        ? `line ${error.line}, column ${error.column}`
        : `line ${error.line}`;
      const value = error.value !== undefined ? ` ("${error.value}")` : '';
      out.write(`  ${where}${value}: ${error.message}\n`);
    }
    if (s.errorCount > s.errors.length)
      out.write(`  … and ${s.errorCount - s.errors.length} more.\n`);
    return;
  }
  const verb = dryRun ? 'Would import' : 'Imported';
  out.write(
    `${verb} ${s.rows} ${s.kind} rows from ${file}: ${s.toCreate} ${dryRun ? 'to create' : 'created'}, ${s.toUpdate} ${dryRun ? 'to update' : 'updated'}, ${s.unchanged} unchanged.\n`,
  );
  for (const note of s.notes) out.write(`  ${note}\n`);
  if (s.ignoredColumns.length) out.write(`  Ignored columns: ${s.ignoredColumns.join(', ')}\n`);
}

export const importDirectoryCommands: CliCommand[] = [
  importCommand('units', 'units (the org tree)'),
  importCommand('employees', 'employees'),
  importCommand('history', 'dated employee history (hires, moves, exits)'),
  importCommand('accounts', 'customer accounts'),
  importCommand('contacts', 'customer contacts'),
];
