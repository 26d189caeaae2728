import { INestApplicationContext } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { readFileSync } from 'node:fs';
import { InputError } from '../common/input-error';
import { DomainError } from '../common/domain-error';
import { decodeUtf8 } from '../common/utf8-text';
import {
  HistoricalImportService,
  ResponseImportOptions,
  ResponseImportPhase,
  ResponseImportResult,
} from '../analytics/historical-import.service';
import type { JsonResponseInput } from '../analytics/response-import';
import { AUDIENCES, type Audience } from '../surveys/entities/survey.entity';
import { CliCommand, CliOutput } from './cli-command';

const PHASES: Record<ResponseImportPhase, string> = {
  read: 'Reading',
  validate: 'Checking',
  write: 'Writing',
  materialize: 'Aggregating',
};

const USAGE =
  'import:responses <file.csv|file.json> [--employee-survey=<id>] [--customer-survey=<id>] ' +
  '[--map=<audience>.<source>=<item key>]... [--map=<audience>.<source>=] ' +
  '[--not-asked=<audience>.<item key>]... [--dry-run]';

/**
 * `npm run cli -- import:responses <file>`: past waves from another tool, all-or-nothing, in
 * the formats of the admin page /admin/import/responses and POST /api/v1/imports/responses.
 * `--map=employee.Q1=eng_proud` maps a column (or question key) onto an item, an empty item
 * ignores the column; `--not-asked=employee.wb_workload` says the waves did not ask an item.
 */
export const importResponsesCommand: CliCommand = {
  name: 'import:responses',
  usage: USAGE,
  description:
    'Import past survey waves (employee and customer responses) from a CSV or JSON file onto the built-in or your own surveys; --dry-run shows the mapping and problems only.',

  async run(
    args: readonly string[],
    app: INestApplicationContext,
    out: CliOutput = process.stdout,
  ): Promise<number> {
    const files = args.filter((a) => !a.startsWith('--'));
    const parsed = parseFlags(args.filter((a) => a.startsWith('--')));
    if ('error' in parsed) out.write(`${parsed.error}\n`);
    if (files.length !== 1 || 'error' in parsed) {
      out.write(`Usage: npm run cli -- ${USAGE}\n`);
      return 2;
    }
    const [file] = files;
    const options = parsed.options;
    let content: string;
    try {
      content = decodeUtf8(readFileSync(file));
    } catch (error) {
      const reason = error instanceof InputError ? '' : 'Cannot read ';
      out.write(`${reason}${file}: ${(error as Error).message}\n`);
      return 2;
    }
    const imports = app.get(HistoricalImportService);
    const bar = new SingleBar({
      format: '{phase} [{bar}] {value}/{total}',
      stream: process.stderr,
      noTTYOutput: false,
      clearOnComplete: true,
    });
    let started = false;
    let result: ResponseImportResult;
    try {
      if (file.toLowerCase().endsWith('.json')) {
        const responses = jsonResponses(content);
        if (typeof responses === 'string') {
          out.write(`${file}: ${responses}\n`);
          return 2;
        }
        result = await imports.importJson(responses, options);
      } else {
        result = await imports.importCsv(content, options, (phase, done, total) => {
          if (!started) bar.start(Math.max(total, 1), done, { phase: PHASES[phase] });
          started = true;
          bar.setTotal(Math.max(total, 1));
          bar.update(done, { phase: PHASES[phase] });
        });
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      out.write(`${file}: ${error.message} (${error.field})\n`);
      return 2;
    } finally {
      if (started) bar.stop();
    }

    writeMapping(out, result);
    if (result.errorCount > 0) {
      out.write(`${file}: nothing was imported (${result.errorCount} problems).\n`);
      for (const error of result.errors) {
        const where =
          error.line === 0
            ? error.column
              ? `mapping, ${error.column}`
              : 'mapping'
            : error.column
              ? `line ${error.line}, column ${error.column}`
              : `line ${error.line}`;
        out.write(`  ${where}: ${error.message}${error.value ? ` (${error.value})` : ''}\n`);
      }
      if (result.errorCount > result.errors.length)
        out.write(`  … and ${result.errorCount - result.errors.length} more.\n`);
      return 1;
    }
    const verb = result.dryRun ? 'Would import' : 'Imported';
    out.write(
      `${verb} ${result.employeeResponses} employee and ${result.customerResponses} customer responses from ${result.rows} rows.${result.dryRun ? ' Nothing was written (dry run).' : ''}\n`,
    );
    for (const cycle of result.cycles) {
      out.write(
        `  ${cycle.label} (${cycle.periodStart} to ${cycle.periodEnd}, ${cycle.created ? 'new' : 'existing'} cycle): ${cycle.employeeResponses} employee, ${cycle.customerResponses} customer\n`,
      );
    }
    return 0;
  },
};

function writeMapping(out: CliOutput, result: ResponseImportResult): void {
  for (const audience of AUDIENCES) {
    const m = result.mapping[audience];
    if (m === undefined || !m.inFile) continue;
    out.write(`${capitalize(audience)} survey "${m.survey.name}" (${m.survey.id}):\n`);
    for (const item of m.items) {
      const from =
        item.source === null
          ? item.status === 'missing'
            ? 'MISSING (required)'
            : 'not asked'
          : `← ${item.source} (${item.status}${item.samples.length ? `; e.g. ${item.samples.join(', ')}` : ''})`;
      out.write(`  ${item.key} [${item.dimension ?? item.kind}] ${from}\n`);
    }
    for (const source of m.sources.filter((s) => s.item === null))
      out.write(`  ${source.source}: ${source.status}\n`);
  }
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

type Parsed = { options: ResponseImportOptions } | { error: string };

function parseFlags(flags: readonly string[]): Parsed {
  const options: ResponseImportOptions = {};
  const audienceOf = (value: string): [Audience, string] | null => {
    const dot = value.indexOf('.');
    const audience = value.slice(0, dot);
    return dot > 0 && (AUDIENCES as readonly string[]).includes(audience)
      ? [audience as Audience, value.slice(dot + 1)]
      : null;
  };
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const name = eq < 0 ? flag : flag.slice(0, eq);
    const value = eq < 0 ? '' : flag.slice(eq + 1);
    if (name === '--dry-run') options.dryRun = true;
    else if (name === '--employee-survey' || name === '--customer-survey') {
      if (!value) return { error: `${name} needs a survey id.` };
      const audience: Audience = name === '--employee-survey' ? 'employee' : 'customer';
      options.surveyIds = { ...options.surveyIds, [audience]: value };
    } else if (name === '--map') {
      const target = audienceOf(value);
      const split = target?.[1].lastIndexOf('=') ?? -1;
      if (target === null || split <= 0)
        return {
          error: `--map takes <audience>.<source>=<item key>, e.g. --map=employee.Q1=eng_proud.`,
        };
      const [audience, rest] = target;
      const item = rest.slice(split + 1);
      options.mapping = {
        ...options.mapping,
        [audience]: { ...options.mapping?.[audience], [rest.slice(0, split)]: item || null },
      };
    } else if (name === '--not-asked') {
      const target = audienceOf(value);
      if (target === null)
        return {
          error: `--not-asked takes <audience>.<item key>, e.g. --not-asked=employee.wb_workload.`,
        };
      const [audience, key] = target;
      options.notAsked = {
        ...options.notAsked,
        [audience]: [...(options.notAsked?.[audience] ?? []), key],
      };
    } else return { error: `Unknown option ${name}.` };
  }
  return { options };
}

/** A JSON file: a list of responses, or an object with a `responses` list. */
function jsonResponses(content: string): JsonResponseInput[] | string {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    return `not valid JSON: ${(error as Error).message}`;
  }
  const list = Array.isArray(data) ? data : (data as { responses?: unknown })?.responses;
  if (!Array.isArray(list) || !list.every((r) => typeof r === 'object' && r !== null))
    return 'expected a list of responses (objects with cycleLabel, …, answers).';
  return list as JsonResponseInput[];
}
