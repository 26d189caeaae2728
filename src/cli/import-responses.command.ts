import { INestApplicationContext } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { readFileSync } from 'node:fs';
import { InputError } from '../common/input-error';
import { decodeUtf8 } from '../common/utf8-text';
import {
  HistoricalImportService,
  ResponseImportPhase,
} from '../analytics/historical-import.service';
import { CliCommand, CliOutput } from './cli-command';

const PHASES: Record<ResponseImportPhase, string> = {
  read: 'Reading',
  validate: 'Checking',
  write: 'Writing',
  materialize: 'Aggregating',
};

/**
 * `npm run cli -- import:responses <file.csv>`: past waves from another tool, all-or-nothing,
 * in the format of the admin page /admin/import/responses.
 */
export const importResponsesCommand: CliCommand = {
  name: 'import:responses',
  usage: 'import:responses <file.csv>',
  description: 'Import past survey waves (employee and customer responses) from a CSV file.',

  async run(
    args: readonly string[],
    app: INestApplicationContext,
    out: CliOutput = process.stdout,
  ): Promise<number> {
    const [file] = args;
    if (!file) {
      out.write(`Usage: npm run cli -- ${importResponsesCommand.usage}\n`);
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
    const bar = new SingleBar({
      format: '{phase} [{bar}] {value}/{total}',
      stream: process.stderr,
      noTTYOutput: false,
      clearOnComplete: true,
    });
    let started = false;
    const result = await app
      .get(HistoricalImportService)
      .importCsv(content, (phase, done, total) => {
        if (!started) bar.start(Math.max(total, 1), done, { phase: PHASES[phase] });
        started = true;
        bar.setTotal(Math.max(total, 1));
        bar.update(done, { phase: PHASES[phase] });
      });
    if (started) bar.stop();

    if (!result.imported) {
      out.write(`${file}: nothing was imported (${result.errorCount} problems).\n`);
      for (const error of result.errors) {
        const where = error.column
          ? `line ${error.line}, column ${error.column}`
          : `line ${error.line}`;
        out.write(`  ${where}: ${error.message}${error.value ? ` (${error.value})` : ''}\n`);
      }
      if (result.errorCount > result.errors.length)
        out.write(`  … and ${result.errorCount - result.errors.length} more.\n`);
      return 1;
    }
    out.write(
      `Imported ${result.employeeResponses} employee and ${result.customerResponses} customer responses from ${result.rows} rows.\n`,
    );
    for (const cycle of result.cycles) {
      out.write(
        `  ${cycle.label} (${cycle.periodStart} to ${cycle.periodEnd}, ${cycle.created ? 'new' : 'existing'} cycle): ${cycle.employeeResponses} employee, ${cycle.customerResponses} customer\n`,
      );
    }
    return 0;
  },
};
