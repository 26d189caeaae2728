import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Paged, paged, pageParams } from '../common/pagination';
import { Survey } from '../surveys/entities/survey.entity';
import { CycleError, CycleErrorCode } from './cycles.errors';
import { CreateCycleDto } from './dto/create-cycle.dto';
import { Cycle } from './entities/cycle.entity';

const PAGE_SIZE = 25;

export type CycleInput = Omit<CreateCycleDto, never>;

/** Creating, reading and listing cycles; launching and the lifecycle live beside it. */
@Injectable()
export class CyclesService {
  constructor(
    @InjectRepository(Cycle) private readonly cycles: Repository<Cycle>,
    private readonly dataSource: DataSource,
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
          status: 'draft',
        }),
      );
      await m.query(
        `INSERT INTO cycle_target_units (cycle_id, unit_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
        [cycle.id, [...new Set(input.unitIds)]],
      );
      return cycle;
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /** Surveys to choose from, per audience. */
  async surveyChoices(): Promise<Array<Pick<Survey, 'id' | 'name' | 'audience'>>> {
    return this.dataSource.query(
      `SELECT id, name, audience FROM surveys ORDER BY builtin DESC, name`,
    );
  }

  /** Active units as a tree ordered by name, indented by depth, for the target-unit picker. */
  async unitChoices(): Promise<Array<{ id: string; label: string }>> {
    const rows: Array<{ id: string; name: string; depth: number }> = await this.dataSource.query(
      `WITH RECURSIVE tree AS (
         SELECT id, name, 0 AS depth, ARRAY[lower(name)] AS sort
           FROM units WHERE parent_id IS NULL AND deactivated_at IS NULL
         UNION ALL
         SELECT u.id, u.name, tree.depth + 1, tree.sort || lower(u.name)
           FROM units u JOIN tree ON u.parent_id = tree.id
          WHERE u.deactivated_at IS NULL
       )
       SELECT id, name, depth FROM tree ORDER BY sort LIMIT 5000`,
    );
    return rows.map((r) => ({ id: r.id, label: `${'— '.repeat(r.depth)}${r.name}` }));
  }

  private async assertValid(m: EntityManager, input: CycleInput): Promise<void> {
    if (!input.employeeSurveyId && !input.customerSurveyId)
      throw new CycleError(CycleErrorCode.NO_SURVEY);
    if (input.periodEnd < input.periodStart)
      throw new CycleError(CycleErrorCode.PERIOD_ENDS_BEFORE_START);
    if (new Date(input.closesAt) <= new Date(input.opensAt))
      throw new CycleError(CycleErrorCode.CLOSES_BEFORE_OPENS);
    if (input.unitIds.length === 0) throw new CycleError(CycleErrorCode.NO_TARGET_UNITS);
    for (const [id, audience] of [
      [input.employeeSurveyId, 'employee'],
      [input.customerSurveyId, 'customer'],
    ] as const) {
      if (!id) continue;
      const rows: Array<{ audience: string }> = await m.query(
        `SELECT audience FROM surveys WHERE id = $1`,
        [id],
      );
      if (!rows[0]) throw new CycleError(CycleErrorCode.SURVEY_NOT_FOUND);
      if (rows[0].audience !== audience)
        throw new CycleError(CycleErrorCode.SURVEY_AUDIENCE_MISMATCH);
    }
    const found: Array<{ n: number }> = await m.query(
      `SELECT count(*)::int AS n FROM units WHERE id = ANY($1::uuid[])`,
      [[...new Set(input.unitIds)]],
    );
    if (found[0].n !== new Set(input.unitIds).size)
      throw new CycleError(CycleErrorCode.UNIT_NOT_FOUND);
    const taken: unknown[] = await m.query(`SELECT 1 FROM cycles WHERE period_label = $1`, [
      input.periodLabel,
    ]);
    if (taken.length > 0) throw new CycleError(CycleErrorCode.PERIOD_LABEL_TAKEN);
  }
}
