/**
 * mail-faults: how many emails go twice, or never, when delivery is interrupted. Real app
 * processes (src/main.ts) send a cycle's invitations to an SMTP server on loopback that answers
 * each message after a delay and counts what it accepts per recipient
 * (test/attacks/mail-fault-scenarios.ts); the database is the benchmark's PostgreSQL.
 *   sigterm_*    650 recipients, 300 ms a message, 5 connections: SIGTERM after 150 messages,
 *                then a second instance finishes
 *   throttled_*  200 recipients through one connection at 450 ms a message (90 s, three times
 *                the default 30-second lease), no fault at all
 *   kill9_*      1,000 recipients, 300 ms a message, 5 connections: SIGKILL after 300 messages,
 *                then a second instance finishes
 * doubled = messages beyond the first per recipient; lost = recipients never mailed or not
 * recorded as sent. *_resumed_s is the time from the fault until the next instance (started at
 * once, ~6 s to boot) had a message accepted; *_stop_s how long the stopped instance took to exit.
 */
import 'reflect-metadata';
import { FaultScenario, runFaultScenario } from '../test/attacks/mail-fault-scenarios';
import { withBenchApp } from './support/bench-app';

const POOL = 5;

const scenarios: Array<[string, FaultScenario]> = [
  [
    'sigterm',
    {
      recipients: 650,
      poolSize: POOL,
      delayMs: 300,
      fault: 'SIGTERM',
      faultAfter: 150,
      timeoutMs: 600_000,
    },
  ],
  ['throttled', { recipients: 200, poolSize: 1, delayMs: 450, fault: null, timeoutMs: 600_000 }],
  [
    'kill9',
    {
      recipients: 1000,
      poolSize: POOL,
      delayMs: 300,
      fault: 'SIGKILL',
      faultAfter: 300,
      timeoutMs: 600_000,
    },
  ],
];

async function main(): Promise<void> {
  await withBenchApp({}, async (app) => {
    for (const [name, scenario] of scenarios) {
      const started = Date.now();
      const f = await runFaultScenario(app, scenario);
      console.log(`${name}_recipients: ${f.recipients} msgs`);
      console.log(`${name}_doubled: ${f.doubled} msgs`);
      console.log(`${name}_lost: ${f.lost} msgs`);
      if (scenario.fault) {
        console.log(`${name}_pool_size: ${scenario.poolSize} conns`);
        console.log(`${name}_stop_s: ${((f.stopMs ?? 0) / 1000).toFixed(1)} s`);
        console.log(`${name}_left_leased: ${f.leftLeased ?? 0} invitations`);
        console.log(`${name}_resumed_s: ${((f.resumedMs ?? 0) / 1000).toFixed(1)} s`);
      }
      console.log(`${name}_total_s: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
