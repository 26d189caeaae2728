import { AuditService } from '../audit/audit.service';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager, In, IsNull, Not, Repository } from 'typeorm';
import { Paged, paged, pageParams } from '../common/pagination';
import { queryRows } from '../database/sql';
import { treeLabels, UnitsService } from '../directory/units.service';
import { SurveyCatalog, SurveyChoice } from '../surveys/survey-catalog.service';
import { CycleError, CycleErrorCode } from './cycles.errors';
import { CreateCycleDto } from './dto/create-cycle.dto';
import { Cycle, CycleStatus } from './entities/cycle.entity';

const PAGE_SIZE = 25;

/** A new cycle; `pilot` defaults to false (a recurring pilot's next cycle is not a pilot). */
export type CycleInput = Omit<CreateCycleDto, 'pilot'> & { pilot?: boolean };

/** The surveys an imported wave's responses answered. */
export interface ImportedSurveys {
  employee: string;
  customer: string;
}

/** One cycle as other modules see it. */
export interface CycleSummary {
  id: string;
  name: string;
  label: string;
  status: CycleStatus;
  imported: boolean;
  /** a pilot on a few units: kept out of company trends, the headline and the default range */
  pilot: boolean;
  /** YYYY-MM-DD */
  periodStart: string;
  /** YYYY-MM-DD */
  periodEnd: string;
  opensAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  employeeSurveyId: string | null;
  customerSurveyId: string | null;
}

const toSummary = (c: Cycle): CycleSummary => ({
  id: c.id,
  name: c.name,
  label: c.periodLabel,
  status: c.status,
  imported: c.imported,
  pilot: c.pilot,
  periodStart: c.periodStart,
  periodEnd: c.periodEnd,
  opensAt: c.opensAt,
  closesAt: c.closesAt,
  closedAt: c.closedAt,
  employeeSurveyId: c.employeeSurveyId,
  customerSurveyId: c.customerSurveyId,
});

/** Creating, reading and listing cycles; launching and the lifecycle live beside it. */
@Injectable()
export class CyclesService {
  constructor(
    @InjectRepository(Cycle) private readonly cycles: Repository<Cycle>,
    private readonly dataSource: DataSource,
    private readonly surveys: SurveyCatalog,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
  ) {}

  async list(page: unknown): Promise<Paged<Cycle>> {
    const { page: n, skip, take } = pageParams(page, PAGE_SIZE);
    const [items, total] = await this.cycles.findAndCount({
      relations: { employeeSurvey: true, customerSurvey: true },
      order: { opensAt: 'DESC', createdAt: 'DESC' },
      skip,
      take,
    });
    return paged(items, total, n, PAGE_SIZE);
  }

  async get(id: string): Promise<Cycle> {
    const cycle = await this.cycles.findOne({
      where: { id },
      relations: { employeeSurvey: true, customerSurvey: true, targetUnits: true },
    });
    if (!cycle) throw new CycleError(CycleErrorCode.NOT_FOUND);
    return cycle;
  }

  /**
   * The given cycles (every cycle when no ids are given), newest period first, as other
   * modules see them.
   */
  async summaries(ids?: readonly string[]): Promise<CycleSummary[]> {
    if (ids?.length === 0) return [];
    const cycles = await this.cycles.find({
      where: ids ? { id: In([...new Set(ids)]) } : {},
      order: { periodStart: 'DESC', periodLabel: 'ASC' },
    });
    return cycles.map(toSummary);
  }

  async find(id: string): Promise<CycleSummary | null> {
    const cycle = await this.cycles.findOne({ where: { id } });
    return cycle ? toSummary(cycle) : null;
  }

  /** A cycle by id or period label, null when there is none. */
  async findByIdOrLabel(
    idOrLabel: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CycleSummary | null> {
    const cycle = await manager
      .getRepository(Cycle)
      .findOne({ where: isUUID(idOrLabel) ? { id: idOrLabel } : { periodLabel: idOrLabel } });
    return cycle ? toSummary(cycle) : null;
  }

  /** Cycles that can have responses (open or closed), oldest period first. */
  async reported(manager: EntityManager = this.dataSource.manager): Promise<CycleSummary[]> {
    const cycles = await manager.getRepository(Cycle).find({
      where: { status: In(['open', 'closed']) },
      order: { periodStart: 'ASC', periodEnd: 'ASC', periodLabel: 'ASC' },
    });
    return cycles.map(toSummary);
  }

  /** Of these cycles, those sending mail now (open), as other modules see them. */
  async sending(ids: readonly string[]): Promise<CycleSummary[]> {
    if (ids.length === 0) return [];
    const cycles = await this.cycles.find({ where: { id: In([...new Set(ids)]), status: 'open' } });
    return cycles.map(toSummary);
  }

  /** Ids of the cycles not closed yet (draft, scheduled or open). */
  async unclosedIds(): Promise<string[]> {
    const cycles = await this.cycles.find({
      select: { id: true },
      where: { status: Not('closed') },
    });
    return cycles.map((c) => c.id);
  }

  /** The launched cycle that first used the survey, if any. */
  async firstLaunchedWith(surveyId: string): Promise<CycleSummary | null> {
    const cycle = await this.cycles.findOne({
      where: [
        { employeeSurveyId: surveyId, launchedAt: Not(IsNull()) },
        { customerSurveyId: surveyId, launchedAt: Not(IsNull()) },
      ],
      order: { launchedAt: 'ASC' },
    });
    return cycle ? toSummary(cycle) : null;
  }

  /**
   * Of these cycles, the ids of those that included any unit of the subtree at `path`: a target
   * unit at or above it (its subtree is included) or below it. A cycle without target units
   * covers everyone.
   */
  async includingSubtree(cycleIds: readonly string[], path: string): Promise<Set<string>> {
    if (cycleIds.length === 0) return new Set();
    const targets = await queryRows<{ cycleId: string; unitId: string }>(
      this.dataSource,
      `SELECT cycle_id AS "cycleId", unit_id AS "unitId" FROM cycle_target_units
        WHERE cycle_id = ANY($1::uuid[])`,
      [[...new Set(cycleIds)]],
    );
    const paths = new Map(
      (await this.units.summariesByIds(targets.map((t) => t.unitId))).map((u) => [u.id, u.path]),
    );
    const targeted = new Set(targets.map((t) => t.cycleId));
    const including = new Set(cycleIds.filter((id) => !targeted.has(id)));
    for (const { cycleId, unitId } of targets) {
      const target = paths.get(unitId);
      if (target !== undefined && (path.startsWith(target) || target.startsWith(path)))
        including.add(cycleId);
    }
    return including;
  }

  /** Marks a cycle as a pilot or not; allowed in any state, closed included. */
  async setPilot(id: string, pilot: boolean): Promise<CycleSummary> {
    const cycle = await this.cycles.findOne({ where: { id } });
    if (!cycle) throw new CycleError(CycleErrorCode.NOT_FOUND);
    if (cycle.pilot !== pilot) {
      await this.cycles.update({ id }, { pilot });
      await this.audit.record(
        'cycle.update',
        { type: 'cycle', id, label: cycle.periodLabel },
        { before: { pilot: cycle.pilot }, after: { pilot } },
      );
    }
    return toSummary({ ...cycle, pilot });
  }

  async create(input: CycleInput, manager?: EntityManager): Promise<Cycle> {
    const run = async (m: EntityManager) => {
      await this.assertValid(m, input);
      const repo = m.getRepository(Cycle);
      const cycle = await repo.save(
        repo.create({
          name: input.name,
          periodLabel: input.periodLabel,
          periodStart: input.periodStart,
          periodEnd: input.periodEnd,
          employeeSurveyId: input.employeeSurveyId,
          customerSurveyId: input.customerSurveyId,
          opensAt: new Date(input.opensAt),
          closesAt: new Date(input.closesAt),
          reminderDays: [...new Set(input.reminderDays)].sort((a, b) => a - b),
          recurrence: input.recurrence,
          pilot: input.pilot ?? false,
          status: 'draft',
        }),
      );
      await m.query(
        `INSERT INTO cycle_target_units (cycle_id, unit_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
        [cycle.id, [...new Set(input.unitIds)]],
      );
      await this.audit.record(
        'cycle.create',
        { type: 'cycle', id: cycle.id, label: cycle.periodLabel },
        {
          manager: m,
          after: {
            name: cycle.name,
            periodLabel: cycle.periodLabel,
            periodStart: cycle.periodStart,
            periodEnd: cycle.periodEnd,
            employeeSurveyId: cycle.employeeSurveyId,
            customerSurveyId: cycle.customerSurveyId,
            opensAt: cycle.opensAt,
            closesAt: cycle.closesAt,
            reminderDays: cycle.reminderDays,
            recurrence: cycle.recurrence,
            pilot: cycle.pilot,
            unitIds: [...new Set(input.unitIds)],
          },
        },
      );
      return cycle;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /** The cycles with these period labels, locked for the caller's transaction. */
  async findByLabelsForUpdate(
    manager: EntityManager,
    labels: readonly string[],
  ): Promise<CycleSummary[]> {
    if (labels.length === 0) return [];
    const cycles = await manager.getRepository(Cycle).find({
      where: { periodLabel: In([...new Set(labels)]) },
      lock: { mode: 'pessimistic_write' },
    });
    return cycles.map(toSummary);
  }

  /**
   * A closed cycle for a past wave run in another tool, on the built-in surveys: it opened on
   * the first day of its period and closed the day after the last.
   */
  async createImported(
    manager: EntityManager,
    wave: { label: string; periodStart: string; periodEnd: string; surveyIds: ImportedSurveys },
  ): Promise<CycleSummary> {
    const [row] = await queryRows<{ id: string }>(
      manager,
      `INSERT INTO cycles (name, period_label, period_start, period_end, employee_survey_id,
                           customer_survey_id, opens_at, closes_at, status, imported, closed_at)
       VALUES ($1, $2, $3::date, $4::date, $5, $6, $3::date, $4::date + 1, 'closed', true, now())
       RETURNING id`,
      [
        `${wave.label} (imported)`,
        wave.label,
        wave.periodStart,
        wave.periodEnd,
        wave.surveyIds.employee,
        wave.surveyIds.customer,
      ],
    );
    return toSummary(await manager.getRepository(Cycle).findOneByOrFail({ id: row.id }));
  }

  /** Surveys to choose from, per audience. */
  async surveyChoices(): Promise<SurveyChoice[]> {
    return this.surveys.choices();
  }

  /** Active units as a tree ordered by name, indented by depth, for the target-unit picker. */
  async unitChoices(): Promise<Array<{ id: string; label: string }>> {
    return treeLabels(await this.units.summariesUnder(null, { activeOnly: true }));
  }

  private async assertValid(m: EntityManager, input: CycleInput): Promise<void> {
    if (!input.employeeSurveyId && !input.customerSurveyId)
      throw new CycleError(CycleErrorCode.NO_SURVEY);
    if (input.periodEnd < input.periodStart)
      throw new CycleError(CycleErrorCode.PERIOD_ENDS_BEFORE_START);
    if (new Date(input.closesAt) <= new Date(input.opensAt))
      throw new CycleError(CycleErrorCode.CLOSES_BEFORE_OPENS);
    if (input.unitIds.length === 0) throw new CycleError(CycleErrorCode.NO_TARGET_UNITS);
    const chosen = [
      [input.employeeSurveyId, 'employee'],
      [input.customerSurveyId, 'customer'],
    ] as const;
    const audiences = await this.surveys.audiences(
      chosen.map(([id]) => id).filter((id): id is string => !!id),
      m,
    );
    for (const [id, audience] of chosen) {
      if (!id) continue;
      const found = audiences.get(id);
      if (!found) throw new CycleError(CycleErrorCode.SURVEY_NOT_FOUND);
      if (found !== audience) throw new CycleError(CycleErrorCode.SURVEY_AUDIENCE_MISMATCH);
    }
    const unitIds = [...new Set(input.unitIds)];
    const units = await this.units.summariesByIds(unitIds);
    if (units.length !== unitIds.length) throw new CycleError(CycleErrorCode.UNIT_NOT_FOUND);
    const taken: unknown[] = await m.query(`SELECT 1 FROM cycles WHERE period_label = $1`, [
      input.periodLabel,
    ]);
    if (taken.length > 0) throw new CycleError(CycleErrorCode.PERIOD_LABEL_TAKEN);
  }
}
