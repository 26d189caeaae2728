import { INestApplicationContext } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { DEFAULT_DEMO_SEED } from '../demo/demo-company';
import { DemoGeneratorService, DemoSummary } from '../demo/demo-generator.service';
import { DemoError } from '../demo/demo.errors';
import { CliCommand, CliOutput } from './cli-command';

interface DemoArgs {
  seed: string;
  asOf?: string;
  reset: boolean;
  remove: boolean;
}

function parse(args: readonly string[]): DemoArgs | string {
  const parsed: DemoArgs = { seed: String(DEFAULT_DEMO_SEED), reset: false, remove: false };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split('=', 2);
    const value = () => inline ?? args[++i];
    switch (flag) {
      case '--seed':
        parsed.seed = value() ?? '';
        if (!/^\S+$/.test(parsed.seed)) return '--seed needs a value, e.g. --seed 7';
        break;
      case '--as-of':
        parsed.asOf = value();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(parsed.asOf ?? ''))
          return '--as-of needs a date, e.g. 2026-06-30';
        break;
      case '--reset':
        parsed.reset = true;
        break;
      case '--remove':
        parsed.remove = true;
        break;
      default:
        return `Unknown option ${args[i]}`;
    }
  }
  return parsed;
}

function writeSummary(out: CliOutput, s: DemoSummary): void {
  const n = (v: number) => v.toLocaleString('en-US');
  out.write(
    `Loaded the demo company (seed ${s.seed}, as of ${s.asOf}) in ${(s.milliseconds / 1000).toFixed(1)} s:\n` +
      `  ${n(s.units)} units, ${n(s.activeEmployees)} employees now (${n(s.employees)} over two years)\n` +
      `  ${n(s.accounts)} customer accounts (${n(s.lostAccounts)} more lost over two years), ${n(s.contacts)} contacts\n` +
      `  ${n(s.cycles)} closed quarterly cycles: ${n(s.employeeResponses)} employee and ${n(s.customerResponses)} customer responses\n` +
      `Start Tandem (npm start) and open /reports/linkage to read the linkage report.\n`,
  );
}

/**
 * `npm run cli -- demo [--seed <s>] [--as-of <date>] [--reset | --remove]`: loads the demo
 * company into an empty Tandem (see src/demo/planted-model.ts for what its answers hide).
 */
export const demoCommand: CliCommand = {
  name: 'demo',
  usage: 'demo [--seed <s>] [--reset | --remove]',
  description:
    'Load the demo company (120 units, ~2,500 employees, 4 closed cycles); --reset replaces a previous demo, --remove deletes it.',

  async run(args, app: INestApplicationContext, out: CliOutput = process.stdout) {
    const options = parse(args);
    if (typeof options === 'string') {
      out.write(`${options}\nUsage: npm run cli -- ${demoCommand.usage}\n`);
      return 2;
    }
    const generator = app.get(DemoGeneratorService);
    if (options.remove) {
      try {
        await generator.remove();
      } catch (error) {
        if (!(error instanceof DemoError)) throw error;
        out.write(`${error.message}\n`);
        return 1;
      }
      out.write('Removed the demo company.\n');
      return 0;
    }
    const bar = new SingleBar({
      format: '{step} [{bar}] {percentage}%',
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
    });
    let started = false;
    try {
      const summary = await generator.generate(
        { seed: options.seed, asOf: options.asOf, reset: options.reset },
        (step, done, total) => {
          if (!started) bar.start(total, done, { step });
          started = true;
          bar.update(done, { step: step.padEnd(40) });
        },
      );
      if (started) bar.stop();
      writeSummary(out, summary);
      return 0;
    } catch (error) {
      if (started) bar.stop();
      if (!(error instanceof DemoError)) throw error;
      out.write(`${error.message}\n`);
      if (!options.reset) out.write('To replace a previous demo company, add --reset.\n');
      return 1;
    }
  },
};
