import { DataSource } from 'typeorm';
import { ConfigService } from '@nestjs/config';
import { UnitStatsService } from '../../src/analytics/unit-stats.service';
import { AuditService } from '../../src/audit/audit.service';
import { type AppConfig, loadConfig } from '../../src/config/app.config';
import { Cycle } from '../../src/cycles/entities/cycle.entity';
import { CyclesService } from '../../src/cycles/cycles.service';
import { UnitsService } from '../../src/directory/units.service';
import { Survey } from '../../src/surveys/entities/survey.entity';
import { SurveyCatalog } from '../../src/surveys/survey-catalog.service';

/** UnitStatsService and the owners it reads cycles and questions through, without Nest. */
export function unitStatsService(ds: DataSource): UnitStatsService {
  const surveys = new SurveyCatalog(ds.getRepository(Survey));
  const audit = new AuditService(ds);
  const units = new UnitsService(ds, audit);
  const cycles = new CyclesService(ds.getRepository(Cycle), ds, surveys, units, audit);
  return new UnitStatsService(
    ds,
    cycles,
    surveys,
    units,
    new ConfigService<AppConfig, true>(loadConfig()),
  );
}
