import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { directoryCounts, DirectoryCounts } from './directory-counts.query';
import { openCycleParticipation, OpenCycleParticipation } from './open-cycle-participation.query';

/** The home dashboard's aggregates, read set-based across modules' tables (the read model). */
@Injectable()
export class DashboardReads {
  constructor(private readonly dataSource: DataSource) {}

  directoryCounts(scopePath: string | null): Promise<DirectoryCounts> {
    return directoryCounts(this.dataSource, scopePath);
  }

  openCycles(scopePath: string | null): Promise<OpenCycleParticipation[]> {
    return openCycleParticipation(this.dataSource, scopePath);
  }
}
