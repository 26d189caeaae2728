import { INestApplicationContext } from '@nestjs/common';
import { parseArgs } from 'node:util';
import type { CurrentUser } from '../auth/current-user';
import { DomainError } from '../common/domain-error';
import { linkageTables } from '../reports/linkage-tables';
import { describeReport, lagSentence, periodLabel, pValue } from '../reports/narrative';
import { ReportDataService } from '../reports/report-data.service';
import { formatCount, formatR } from '../reports/report-format';
import { toCsv } from '../reports/report-table';
import type { LinkageReportData } from '../reports/report.types';
import { CliCommand, CliOutput } from './cli-command';

/** The command line reads the whole company, like an executive; it has the database anyway. */
const READER: CurrentUser = {
  id: '00000000-0000-4000-8000-000000000000',
  email: 'cli@tandem.localhost',
  name: 'Command line',
  role: 'executive',
  mustChangePassword: false,
  scope: null,
  via: 'api_key',
};

const USAGE =
  'report [--cycle <id|label> | --from <cycle> --to <cycle>] [--employee <metric>] [--customer <metric>] [--format text|json|csv] [--table <name>]';

/**
 * `npm run cli -- report`: the linkage report in the terminal (the verdict, caveats and the key
 * numbers), or as JSON, or one of its tables as CSV. The same data and anonymity rules as the
 * /reports pages: an open cycle has no results until it closes (its --cycle report is refused
 * with that message), and open cycles in a range are left out and named.
 */
export const reportCommand: CliCommand = {
  name: 'report',
  usage: USAGE,
  description:
    'Print the linkage report (all cycles, or one with --cycle) as text, JSON or a CSV table.',

  async run(
    args: readonly string[],
    app: INestApplicationContext,
    out: CliOutput = process.stdout,
  ): Promise<number> {
    let options: Record<string, string | undefined>;
    try {
      options = parseArgs({
        args: [...args],
        options: {
          cycle: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          employee: { type: 'string' },
          customer: { type: 'string' },
          format: { type: 'string', default: 'text' },
          table: { type: 'string' },
        },
        strict: true,
      }).values;
    } catch (error) {
      out.write(`${(error as Error).message}\nUsage: npm run cli -- ${USAGE}\n`);
      return 2;
    }
    const format = options.format ?? 'text';
    if (!['text', 'json', 'csv'].includes(format) || (format === 'csv') !== !!options.table) {
      out.write(`Usage: npm run cli -- ${USAGE}\n(--format csv goes with --table <name>.)\n`);
      return 2;
    }
    const metrics = { employeeMetric: options.employee, customerMetric: options.customer };
    const reports = app.get(ReportDataService);
    let data: LinkageReportData;
    try {
      data = options.cycle
        ? await reports.cycleReport(READER, options.cycle, metrics)
        : await reports.rangeReport(READER, options.from, options.to, metrics);
    } catch (error) {
      if (error instanceof DomainError) {
        out.write(`${error.message}\n`);
        return 1;
      }
      throw error;
    }

    if (format === 'json') {
      out.write(`${JSON.stringify(data, null, 2)}\n`);
      return 0;
    }
    if (format === 'csv') {
      const tables = linkageTables(data);
      const table = tables.find((t) => t.id === options.table);
      if (!table) {
        out.write(`No table "${options.table}". Tables: ${tables.map((t) => t.id).join(', ')}\n`);
        return 2;
      }
      out.write(toCsv(table));
      return 0;
    }
    writeText(data, out);
    return 0;
  },
};

function writeText(data: LinkageReportData, out: CliOutput): void {
  const { linkage } = data;
  const narrative = describeReport(linkage);
  const focus = linkage.cycles.find((c) => c.id === linkage.focusCycleId) ?? null;
  const period = periodLabel(data.kind, linkage.cycles, focus);
  out.write(`Linkage report, ${data.group.name}${period ? `, ${period}` : ''}\n\n`);
  for (const cycle of linkage.withheld) out.write(`${cycle.message} Left out of this report.\n\n`);
  if (narrative.headline === null) {
    out.write('Not enough data yet for a verdict.\n');
    for (const line of narrative.missing) out.write(`  - ${line}\n`);
    return;
  }
  out.write(`${narrative.headline}\n`);
  if (narrative.badges.length > 0)
    out.write(`${narrative.badges.map((b) => `[${b.text}]`).join(' ')}\n`);
  out.write('\nRead with care:\n');
  for (const line of narrative.caveats) out.write(`  - ${line}\n`);
  out.write('\nThe numbers behind it:\n');
  for (const line of narrative.details) out.write(`  - ${line}\n`);
  const lag = lagSentence(linkage);
  if (lag) out.write(`\nWhich comes first: ${lag}.\n`);
  const drivers = linkage.analysis.drivers;
  if (drivers.status === 'ok') {
    out.write('\nEmployee items that move with the customer metric:\n');
    for (const item of drivers.items.slice(0, 5))
      out.write(`  ${item.rank}. ${item.label} (r = ${formatR(item.r)}, q ${pValue(item.q)})\n`);
  }
  const { included, excluded } = linkage.analysis.units;
  out.write(
    `\n${formatCount(included.length)} units in the analysis, ${formatCount(excluded.length)} left out for too few responses.\n`,
  );
}
