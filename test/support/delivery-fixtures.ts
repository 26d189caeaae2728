import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { DataSource } from 'typeorm';

export interface ReceivedMail {
  to: string;
  subject: string;
  raw: string;
  /** The personal survey token from the link, QP-decoded. */
  surveyToken: string | null;
  unsubscribeToken: string | null;
  headers: Record<string, string>;
}

export interface SmtpSink {
  url: string;
  received: ReceivedMail[];
  /** Answers MAIL FROM with this error while it returns one (e.g. 421 for a while). */
  refuseMailFrom?: (attempt: number) => { code: number; message: string } | null;
  /** Answers RCPT TO with this error for an address (e.g. 550 unknown user). */
  refuseRcpt?: (address: string) => { code: number; message: string } | null;
  /** Slows every message down, to catch a worker in the middle. */
  delayMs?: number;
  mailFromAttempts: number;
  countFor(address: string): number;
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= / ?B?) in headers. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

function parse(raw: string, to: string): ReceivedMail {
  const [head] = raw.split(/\r?\n\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = decodeHeader(line.slice(i + 1).trim());
  }
  const body = decodeQuotedPrintable(raw);
  return {
    to,
    subject: headers.subject ?? '',
    raw,
    headers,
    surveyToken: /\/s\/([A-Za-z0-9_-]{43})/.exec(body)?.[1] ?? null,
    unsubscribeToken: /\/u\/([A-Za-z0-9_-]{43})/.exec(body)?.[1] ?? null,
  };
}

/** A real SMTP server on loopback that records what it accepts. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const sink: SmtpSink = {
    url: '',
    received: [],
    mailFromAttempts: 0,
    countFor: (address) => sink.received.filter((m) => m.to === address).length,
    waitFor: async (count, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (sink.received.length < count) {
        if (Date.now() > deadline)
          throw new Error(`SMTP sink has ${sink.received.length} messages, expected ${count}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      sink.mailFromAttempts += 1;
      const refusal = sink.refuseMailFrom?.(sink.mailFromAttempts);
      if (refusal)
        return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      callback();
    },
    onRcptTo(address, _session, callback) {
      const refusal = sink.refuseRcpt?.(address.address);
      if (refusal)
        return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const finish = () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          for (const rcpt of session.envelope.rcptTo) sink.received.push(parse(raw, rcpt.address));
          callback();
        };
        if (sink.delayMs) setTimeout(finish, sink.delayMs);
        else finish();
      });
    },
  });
  // A client killed mid-conversation resets its connection; that is the test, not a failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return sink;
}

export interface Org {
  rootId: string;
  unitIds: string[];
  /** Everyone who must be invited. */
  employees: string[];
  contacts: string[];
  /** People who must not be invited (exited, not yet started, unsubscribed, churned). */
  excluded: string[];
}

/**
 * Three units (a root and two children) with employees and customer contacts, some of whom must
 * not be invited. Written with SQL: the directory module is not what these tests are about.
 */
export async function seedOrg(
  db: DataSource,
  perUnit = 3,
  tag = randomUUID().slice(0, 8),
): Promise<Org> {
  const rootId = randomUUID();
  const childIds = [randomUUID(), randomUUID()];
  await db.query(
    `INSERT INTO units (id, external_id, name, parent_id, path) VALUES ($1, $2, $3, NULL, $4)`,
    [rootId, `root-${tag}`, `Region ${tag}`, `/${rootId}/`],
  );
  for (const [i, id] of childIds.entries())
    await db.query(
      `INSERT INTO units (id, external_id, name, parent_id, path) VALUES ($1, $2, $3, $4, $5)`,
      [id, `branch-${i}-${tag}`, `Branch ${i + 1} ${tag}`, rootId, `/${rootId}/${id}/`],
    );
  const org: Org = {
    rootId,
    unitIds: [rootId, ...childIds],
    employees: [],
    contacts: [],
    excluded: [],
  };
  for (const [u, unitId] of org.unitIds.entries()) {
    for (let e = 0; e < perUnit; e++) {
      const email = `emp-${tag}-${u}-${e}@example.test`;
      await db.query(
        `INSERT INTO employees (email, name, unit_id, hire_date) VALUES ($1, $2, $3, current_date - ($4 || ' days')::interval)`,
        [email, `Employee ${u}.${e}`, unitId, String(100 + e * 400)],
      );
      org.employees.push(email);
    }
    const gone = `gone-${tag}-${u}@example.test`;
    await db.query(
      `INSERT INTO employees (email, name, unit_id, hire_date, exit_date, exit_type) VALUES ($1, 'Gone', $2, '2020-01-01', current_date - 1, 'voluntary')`,
      [gone, unitId],
    );
    const future = `future-${tag}-${u}@example.test`;
    await db.query(
      `INSERT INTO employees (email, name, unit_id, hire_date) VALUES ($1, 'Future', $2, current_date + 30)`,
      [future, unitId],
    );
    org.excluded.push(gone, future);

    const [account] = await db.query(
      `INSERT INTO customer_accounts (external_id, name, unit_id) VALUES ($1, $2, $3) RETURNING id`,
      [`acct-${tag}-${u}`, `Customer ${u}`, unitId],
    );
    const [churned] = await db.query(
      `INSERT INTO customer_accounts (external_id, name, unit_id, churn_date) VALUES ($1, 'Lost', $2, current_date - 10) RETURNING id`,
      [`lost-${tag}-${u}`, unitId],
    );
    for (let c = 0; c < perUnit; c++) {
      const email = `contact-${tag}-${u}-${c}@example.test`;
      await db.query(`INSERT INTO contacts (email, name, account_id) VALUES ($1, $2, $3)`, [
        email,
        `Contact ${u}.${c}`,
        account.id,
      ]);
      org.contacts.push(email);
    }
    const optedOut = `optedout-${tag}-${u}@example.test`;
    await db.query(
      `INSERT INTO contacts (email, name, account_id, subscribed, unsubscribed_at) VALUES ($1, 'Opted out', $2, false, now())`,
      [optedOut, account.id],
    );
    const lost = `lostcontact-${tag}-${u}@example.test`;
    await db.query(`INSERT INTO contacts (email, name, account_id) VALUES ($1, 'Lost', $2)`, [
      lost,
      churned.id,
    ]);
    org.excluded.push(optedOut, lost);
  }
  return org;
}

export const BUILTIN = {
  employee: '5e1f0000-0000-4000-8000-000000000001',
  customer: '5e1f0000-0000-4000-8000-000000000002',
};

let labels = 0;

/** A draft cycle over the given units, opening now, via SQL-free service input. */
export function cycleInput(unitIds: string[], overrides: Record<string, unknown> = {}) {
  labels += 1;
  const now = Date.now();
  return {
    name: `Pulse ${labels}`,
    periodLabel: `T-${labels}-${randomUUID().slice(0, 6)}`,
    periodStart: new Date(now - 30 * 86_400_000).toISOString().slice(0, 10),
    periodEnd: new Date(now).toISOString().slice(0, 10),
    employeeSurveyId: BUILTIN.employee,
    customerSurveyId: BUILTIN.customer,
    unitIds,
    opensAt: new Date(now - 60_000).toISOString(),
    closesAt: new Date(now + 14 * 86_400_000).toISOString(),
    reminderDays: [3, 7],
    recurrence: 'none' as const,
    ...overrides,
  };
}
