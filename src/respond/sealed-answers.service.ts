import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { CycleEvents } from '../cycles/cycle-events';
import { CyclesService } from '../cycles/cycles.service';
import { InvitationsService } from '../delivery/invitations.service';
import { UnitsService } from '../directory/units.service';
import { AnswerSeal } from './answer-seal';
import { coarsenAttributes, poolSmallUnits } from './response-attributes';

interface SealedRow {
  unit_id: string;
  tenure_band: string | null;
  key_id: Buffer;
  sealed: Buffer;
}

interface StoredRow {
  unit_id: string;
  tenure_band: string | null;
  submitted_on: string;
  language: string | null;
  answers: Record<string, number | string>;
}

interface Released {
  unitId: string;
  tenureBand: string | null;
  submittedOn: string;
  language: string | null;
  answers: Record<string, number | string>;
}

/** Raised when answers were sealed with another RESPONSE_KEY than this instance's. */
export class ResponseKeyMismatchError extends Error {
  constructor(rows: number) {
    super(
      `RESPONSE_KEY does not match the key that sealed ${rows} employee answers of open cycles. ` +
        'Give every instance that shares this database the same RESPONSE_KEY (by default it is ' +
        'generated once into DATA_DIR/response-key).',
    );
    this.name = ResponseKeyMismatchError.name;
  }
}

/**
 * Releases a cycle's employee answers when it closes: in one transaction the sealed rows are
 * opened, merged with any already stored, the answers of units where fewer than ANONYMITY_MIN
 * people answered pooled into the parent unit, tenure band and day coarsened so that no group
 * of respondents is smaller than ANONYMITY_MIN, and written to employee_responses in random
 * order; the sealed rows go. Every response of the cycle then carries the same transaction id,
 * and none its arrival order.
 */
@Injectable()
export class SealedAnswersService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(SealedAnswersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly seal: AnswerSeal,
    private readonly events: CycleEvents,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly units: UnitsService,
    private readonly cycles: CyclesService,
    private readonly invitations: InvitationsService,
  ) {}

  onModuleInit(): void {
    this.events.onClosing(({ cycleId }) => this.release(cycleId).then(() => undefined));
  }

  /** Refuses to run with a key that cannot open what is sealed; releases closed cycles' leftovers. */
  async onApplicationBootstrap(): Promise<void> {
    const [foreign]: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM sealed_employee_answers WHERE key_id <> $1`,
      [this.seal.keyId],
    );
    if (foreign.n > 0) throw new ResponseKeyMismatchError(foreign.n);
    const sealed: Array<{ cycle_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT cycle_id FROM sealed_employee_answers`,
    );
    if (sealed.length === 0) return;
    for (const cycle of await this.cycles.summaries(sealed.map((r) => r.cycle_id)))
      if (cycle.status === 'closed') await this.release(cycle.id);
  }

  /** Idempotent; does nothing for a cycle that is not closed. Returns the responses written. */
  async release(cycleId: string): Promise<number> {
    // A closed cycle never opens again, so its state can be read before the transaction.
    const cycle = await this.cycles.find(cycleId);
    if (cycle?.status !== 'closed') return 0;
    const closedOn = (cycle.closedAt ?? cycle.closesAt).toISOString().slice(0, 10);
    const written = await this.dataSource.transaction(async (m) => {
      // Waits for submissions still being written (they hold ROW EXCLUSIVE on the table) and
      // keeps new ones out until this commits; a submission that starts later sees the cycle
      // closed and stores nothing.
      await m.query(`LOCK TABLE sealed_employee_answers IN SHARE ROW EXCLUSIVE MODE`);
      const min = this.config.get('privacy', { infer: true }).anonymityMin;
      const rows = coarsenAttributes(
        poolSmallUnits(
          [...(await this.openSealed(m, cycleId)), ...(await this.takeStored(m, cycleId))],
          await this.units.parents(m),
          min,
        ),
        min,
        closedOn,
      );
      if (rows.length === 0) return 0;
      shuffle(rows);
      await m.query(
        `INSERT INTO employee_responses (cycle_id, unit_id, tenure_band, submitted_on, answers, language)
         SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::date[], $5::jsonb[], $6::text[])`,
        [
          cycleId,
          rows.map((r) => r.unitId),
          rows.map((r) => r.tenureBand),
          rows.map((r) => r.submittedOn),
          rows.map((r) => JSON.stringify(r.answers)),
          rows.map((r) => r.language ?? null),
        ],
      );
      // The invitations used during the cycle get one transaction id too, so the live tables
      // no longer tell in which order people answered.
      await this.invitations.restampAnswered(m, cycleId);
      return rows.length;
    });
    if (written > 0) this.logger.log(`Cycle ${cycleId}: ${written} employee responses released`);
    return written;
  }

  private async openSealed(m: EntityManager, cycleId: string): Promise<Released[]> {
    const sealed: SealedRow[] = await m.query(
      `SELECT unit_id, tenure_band, key_id, sealed FROM sealed_employee_answers WHERE cycle_id = $1`,
      [cycleId],
    );
    const foreign = sealed.filter((r) => !r.key_id.equals(this.seal.keyId)).length;
    if (foreign > 0) throw new ResponseKeyMismatchError(foreign);
    await m.query(`DELETE FROM sealed_employee_answers WHERE cycle_id = $1`, [cycleId]);
    return sealed.map((r) => {
      const content = this.seal.open(r.sealed);
      return {
        unitId: r.unit_id,
        tenureBand: r.tenure_band,
        submittedOn: content.submittedOn,
        language: content.language ?? null,
        answers: content.answers,
      };
    });
  }

  /** Responses already in employee_responses (a re-run, or stored before sealing existed). */
  private async takeStored(m: EntityManager, cycleId: string): Promise<Released[]> {
    const stored: StoredRow[] = await m.query(
      `SELECT unit_id, tenure_band, to_char(submitted_on, 'YYYY-MM-DD') AS submitted_on, language,
              answers
         FROM employee_responses WHERE cycle_id = $1`,
      [cycleId],
    );
    await m.query(`DELETE FROM employee_responses WHERE cycle_id = $1`, [cycleId]);
    return stored.map((r) => ({
      unitId: r.unit_id,
      tenureBand: r.tenure_band,
      submittedOn: r.submitted_on,
      language: r.language,
      answers: r.answers,
    }));
  }
}

/** Fisher–Yates with the CSPRNG: the order written says nothing about the order received. */
function shuffle<T>(rows: T[]): void {
  for (let i = rows.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
}
