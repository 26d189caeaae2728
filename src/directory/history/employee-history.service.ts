import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentUser } from '../../auth/current-user';
import { queryRows } from '../../database/sql';
import type { ExitType } from '../entities/employee.entity';
import { EmployeesService } from '../employees.service';
import { loadTimelines } from './employee-history.queries';
import { eventsOf, type EventKind } from './employee-timeline';

/** One line of a person's history, oldest first. */
export interface HistoryEntry {
  date: string;
  kind: EventKind;
  unitId: string | null;
  unitName: string | null;
  exitType: ExitType | null;
}

/** A person's dated hires, moves and exits, for their page and the API. */
@Injectable()
export class EmployeeHistoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly employees: EmployeesService,
  ) {}

  async entries(user: CurrentUser, employeeId: string): Promise<HistoryEntry[]> {
    await this.employees.get(user, employeeId); // exists, and in the user's scope
    const timeline = (await loadTimelines(this.dataSource.manager, [employeeId])).get(employeeId)!;
    const events = eventsOf(timeline);
    const unitIds = [...new Set(events.flatMap((e) => (e.kind === 'exit' ? [] : [e.unitId])))];
    const names = new Map(
      (
        await queryRows<{ id: string; name: string }>(
          this.dataSource,
          `SELECT id, name FROM units WHERE id = ANY($1::uuid[])`,
          [unitIds],
        )
      ).map((u) => [u.id, u.name]),
    );
    return events.map((e) =>
      e.kind === 'exit'
        ? { date: e.date, kind: e.kind, unitId: null, unitName: null, exitType: e.exitType }
        : {
            date: e.date,
            kind: e.kind,
            unitId: e.unitId,
            unitName: names.get(e.unitId) ?? null,
            exitType: null,
          },
    );
  }
}
