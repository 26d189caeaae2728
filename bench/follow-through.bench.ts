/**
 * follow-through: the cost of opening follow-ups with a set-based sweep instead of a hook in
 * the (benchmarked) submit path. One open cycle with 200,000 customer responses over 2,000
 * units (40 regions), about a third of them detractors, low CSAT or comments.
 *   sweep_first_s           the first full sweep: opens every follow-up still missing
 *   follow_ups_opened       how many it opened
 *   sweep_idle_minute_ms    the every-minute sweep (last 15 minutes) with nothing new, median of 5
 *   sweep_1k_new_minute_ms  the every-minute sweep after 1,000 new answers, median of 3
 *   sweep_idle_hourly_ms    the hourly full sweep with nothing new, median of 5
 *   list_hr_ms              the follow-up list, first page, everything unresolved (HR), median of 5
 *   list_region_manager_ms  the same for a manager of one region (50 units), median of 5
 *
 * Runs on its own throwaway embedded PostgreSQL (fsync off), or on DATABASE_URL's server.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, EntityTarget } from 'typeorm';
import { User } from '../src/auth/entities/user.entity';
import { UsersService } from '../src/auth/users.service';
import type { CurrentUser } from '../src/auth/current-user';
import type { AppConfig } from '../src/config/app.config';
import { CycleEvents } from '../src/cycles/cycle-events';
import { CyclesService } from '../src/cycles/cycles.service';
import { Cycle } from '../src/cycles/entities/cycle.entity';
import { dataSourceOptions } from '../src/database/data-source-options';
import { AccountsService } from '../src/directory/accounts.service';
import { ContactsService } from '../src/directory/contacts.service';
import { EmployeesService } from '../src/directory/employees.service';
import { UnitsService } from '../src/directory/units.service';
import { JobQueue } from '../src/jobs/job-queue.service';
import { CustomerAnswersService } from '../src/respond/customer-answers.service';
import { CustomerResponse } from '../src/respond/entities/customer-response.entity';
import { Question } from '../src/surveys/entities/question.entity';
import { Survey } from '../src/surveys/entities/survey.entity';
import { SurveysService } from '../src/surveys/surveys.service';
import { FollowUpOpener, SweepScope } from '../src/follow-through/follow-up-opener.service';
import { FollowUpLookups } from '../src/follow-through/follow-up-lookups.service';
import { FollowUpsService } from '../src/follow-through/follow-ups.service';
import { BUILTIN_SURVEY_IDS } from '../src/surveys/builtin-surveys';
import { withBenchPostgres } from './support/bench-postgres';

const DATABASE = 'tandem_bench_follow_through';
const UNITS = 2000;
const REGIONS = 40;
const RESPONSES_PER_UNIT = 100;

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
const log = (line: string) => process.stderr.write(`${line}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const withServer = <T>(work: (adminUrl: string) => Promise<T>): Promise<T> =>
  withBenchPostgres(work, {});

/** Units, accounts with one contact each, an open cycle and its customer responses. */
async function seed(ds: DataSource, cycleId: string, from: number, perUnit: number) {
  await ds.query(
    `INSERT INTO customer_responses (cycle_id, unit_id, account_id, contact_id, submitted_at, answers)
     SELECT $1, a.unit_id, a.id, c.id, now() - random() * interval '5 days',
            jsonb_build_object('nps', n.nps, 'csat', least(5, greatest(1, round(n.nps / 2.2)::int)),
                               'trust_promises', 4)
            || CASE WHEN random() < 0.08 THEN jsonb_build_object('comment', 'Please call me') ELSE '{}' END
       FROM generate_series($2::int, $2::int + $3::int - 1) AS g(k)
       JOIN bench_accounts a ON a.n = g.k % (SELECT count(*) FROM bench_accounts)
       JOIN contacts c ON c.account_id = a.id,
       LATERAL (SELECT least(10, greatest(0, round(7.6 + 2.4 * random_normal() + 0 * g.k)))::int AS nps) n`,
    [cycleId, from, perUnit],
  );
}

async function main(): Promise<void> {
  await withServer(async (adminUrl) => {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${DATABASE}`;
    // Every entity: the owners' services read through their repositories.
    const entities = [join(__dirname, '..', 'src', '**', 'entities', '*.entity.ts')];
    const ds = new DataSource(dataSourceOptions(url.toString(), entities));
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
      log('seeding');
      await ds.query(`SELECT setseed(0.7)`);
      await ds.query(`INSERT INTO units (id, external_id, name, path) VALUES
        ('00000000-0000-4000-8000-000000000000', 'ROOT', 'Company', '/00000000-0000-4000-8000-000000000000/')`);
      await ds.query(
        `INSERT INTO units (id, external_id, name, parent_id, path)
         SELECT id, 'R' || g, 'Region ' || g, '00000000-0000-4000-8000-000000000000',
                '/00000000-0000-4000-8000-000000000000/' || id || '/'
           FROM (SELECT g, ('00000000-0000-4000-8001-' || lpad(g::text, 12, '0'))::uuid AS id
                   FROM generate_series(1, $1) g) r`,
        [REGIONS],
      );
      await ds.query(
        `INSERT INTO units (id, external_id, name, parent_id, path)
         SELECT b.id, 'B' || b.g, 'Branch ' || b.g, r.id, r.path || b.id || '/'
           FROM (SELECT g, ('00000000-0000-4000-8002-' || lpad(g::text, 12, '0'))::uuid AS id
                   FROM generate_series(1, $1) g) b
           JOIN units r ON r.external_id = 'R' || (1 + b.g % $2)`,
        [UNITS, REGIONS],
      );
      await ds.query(
        `CREATE TABLE bench_accounts AS
         SELECT row_number() OVER () - 1 AS n, gen_random_uuid() AS id, u.id AS unit_id
           FROM units u, generate_series(1, 30) i WHERE u.external_id LIKE 'B%'`,
      );
      await ds.query(
        `INSERT INTO customer_accounts (id, external_id, name, unit_id)
         SELECT id, 'A' || n, 'Account ' || n, unit_id FROM bench_accounts`,
      );
      await ds.query(
        `INSERT INTO contacts (email, name, account_id)
         SELECT 'c' || n || '@bench.test', 'Contact ' || n, id FROM bench_accounts`,
      );
      const [{ id: cycleId }] = await ds.query(
        `INSERT INTO cycles (name, period_label, period_start, period_end, employee_survey_id,
                             customer_survey_id, opens_at, closes_at, status)
         VALUES ('Now', 'Now', current_date - 10, current_date + 10, $1, $2,
                 now() - interval '10 days', now() + interval '10 days', 'open') RETURNING id`,
        [BUILTIN_SURVEY_IDS.employeePulse, BUILTIN_SURVEY_IDS.customerRelationship],
      );
      const total = UNITS * RESPONSES_PER_UNIT;
      await seed(ds, cycleId, 0, total);
      await ds.query(`ANALYZE`);

      const jobs = { defineQueue() {}, work() {}, scheduleEvery() {} } as unknown as JobQueue;
      const events = { onClosed() {} } as unknown as CycleEvents;
      const config = {
        get: () => ({ dueBusinessDays: 2 }),
      } as unknown as ConfigService<AppConfig, true>;
      // The opener and the list with the owners' real services over this database.
      const repository = (entity: EntityTarget<object>) => ({
        provide: getRepositoryToken(entity as never),
        useValue: ds.getRepository(entity),
      });
      const services = await Test.createTestingModule({
        providers: [
          FollowUpOpener,
          FollowUpsService,
          FollowUpLookups,
          UnitsService,
          AccountsService,
          ContactsService,
          EmployeesService,
          UsersService,
          CyclesService,
          SurveysService,
          CustomerAnswersService,
          { provide: DataSource, useValue: ds },
          { provide: JobQueue, useValue: jobs },
          { provide: CycleEvents, useValue: events },
          { provide: ConfigService, useValue: config },
          ...[User, Cycle, Survey, Question, CustomerResponse].map(repository),
        ],
      })
        // Collaborators the measured paths never call (sessions, passwords, ...).
        .useMocker(() => ({}))
        .compile();
      const opener = services.get(FollowUpOpener);

      let t = process.hrtime.bigint();
      const opened = await opener.openPending({ recent: false });
      const first = ms(t) / 1000;
      await ds.query(`ANALYZE follow_ups`);

      const timeSweep = async (
        scope: SweepScope,
        runs: number,
        before?: (i: number) => Promise<void>,
      ) => {
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          await before?.(i);
          t = process.hrtime.bigint();
          const n = await opener.openPending(scope);
          times.push(ms(t));
          if (!before && n !== 0) throw new Error('an idle sweep opened follow-ups');
        }
        return median(times);
      };
      const idleFull = await timeSweep({ recent: false }, 5);
      // Age the seeded answers past the minute sweep's window, as they would be in real life.
      await ds.query(
        `UPDATE customer_responses SET submitted_at = submitted_at - interval '1 hour'`,
      );
      const idleRecent = await timeSweep({ recent: true }, 5);
      const newAnswers = await timeSweep({ recent: true }, 3, (i) =>
        seed(ds, cycleId, total + i * 1000, 1000),
      );

      const list = services.get(FollowUpsService);
      const hr: CurrentUser = {
        id: '00000000-0000-4000-8000-00000000000a',
        email: 'hr@bench.test',
        name: 'HR',
        role: 'hr',
        mustChangePassword: false,
        scope: null,
        via: 'session',
      };
      const [region] = await ds.query(`SELECT id, path FROM units WHERE external_id = 'R7'`);
      const manager: CurrentUser = {
        ...hr,
        role: 'manager',
        scope: { unitId: region.id, path: region.path },
      };
      const timeList = async (user: CurrentUser) => {
        const runs: number[] = [];
        for (let i = 0; i < 5; i++) {
          t = process.hrtime.bigint();
          await list.list(user, {});
          runs.push(ms(t));
        }
        return median(runs);
      };

      console.log(`sweep_first_s: ${first.toFixed(2)} s`);
      console.log(`follow_ups_opened: ${opened} follow-ups`);
      console.log(`sweep_idle_minute_ms: ${idleRecent.toFixed(0)} ms`);
      console.log(`sweep_1k_new_minute_ms: ${newAnswers.toFixed(0)} ms`);
      console.log(`sweep_idle_hourly_ms: ${idleFull.toFixed(0)} ms`);
      console.log(`list_hr_ms: ${(await timeList(hr)).toFixed(0)} ms`);
      console.log(`list_region_manager_ms: ${(await timeList(manager)).toFixed(0)} ms`);
    } finally {
      await ds.destroy();
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
