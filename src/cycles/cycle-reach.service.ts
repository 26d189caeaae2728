import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { queryRows } from '../database/sql';
import { activeEmployeesUnder, reachableContactsUnder } from '../directory/recipients.queries';
import { UnitsService } from '../directory/units.service';

/** A target group (a unit with the units below it) too small to ever show its own results. */
export interface SmallGroup {
  unitId: string;
  unitName: string;
  /** Employees the cycle reaches in the unit and below it. */
  employees: number;
  contacts: number;
  /** Fewer employees than ANONYMITY_MIN: its employee results are never shown. */
  belowAnonymity: boolean;
  /** Fewer contacts than MIN_CUSTOMER_RESPONSES: it never enters the linkage analysis. */
  belowCustomerMinimum: boolean;
}

export interface ReachWarning {
  anonymityMin: number;
  minCustomerResponses: number;
  smallGroups: SmallGroup[];
}

/**
 * Who a cycle over some target units reaches, per unit: reports show each unit with the units
 * below it, so a group whose people number fewer than the threshold can never be shown,
 * however many of them answer (their answers still count in the units above).
 */
@Injectable()
export class CycleReachService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly units: UnitsService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async smallGroups(
    targetUnitIds: readonly string[],
    audiences: { employees: boolean; customers: boolean },
  ): Promise<ReachWarning> {
    const { anonymityMin, minCustomerResponses } = this.config.get('privacy', { infer: true });
    const warning = { anonymityMin, minCustomerResponses, smallGroups: [] as SmallGroup[] };
    if (targetUnitIds.length === 0) return warning;
    const employees = audiences.employees
      ? await this.countByUnit(activeEmployeesUnder('$1'), targetUnitIds)
      : new Map<string, number>();
    const contacts = audiences.customers
      ? await this.countByUnit(reachableContactsUnder('$1'), targetUnitIds)
      : new Map<string, number>();
    // Outermost first: a target inside another target's subtree is part of the outer's groups.
    const targets = (await this.units.summariesByIds(targetUnitIds)).sort(
      (a, b) => a.path.length - b.path.length,
    );
    const groups = new Map<string, { employees: number; contacts: number }>();
    const units = await this.units.summariesByIds([...employees.keys(), ...contacts.keys()]);
    for (const unit of units) {
      const target = targets.find((t) => unit.path.startsWith(t.path));
      if (!target) continue;
      // The unit and every unit above it up to the target form a group that includes it.
      const ids = unit.path.slice(target.path.length - target.id.length - 1).split('/');
      for (const id of ids.filter(Boolean)) {
        const group = groups.get(id) ?? { employees: 0, contacts: 0 };
        group.employees += employees.get(unit.id) ?? 0;
        group.contacts += contacts.get(unit.id) ?? 0;
        groups.set(id, group);
      }
    }
    const named = await this.units.summariesByIds([...groups.keys()]);
    for (const unit of named.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      const group = groups.get(unit.id)!;
      const belowAnonymity = group.employees > 0 && group.employees < anonymityMin;
      const belowCustomerMinimum = group.contacts > 0 && group.contacts < minCustomerResponses;
      if (belowAnonymity || belowCustomerMinimum)
        warning.smallGroups.push({
          unitId: unit.id,
          unitName: unit.name,
          ...group,
          belowAnonymity,
          belowCustomerMinimum,
        });
    }
    return warning;
  }

  /** Recipients per unit, from one of the directory's recipient queries. */
  private async countByUnit(
    recipients: string,
    targetUnitIds: readonly string[],
  ): Promise<Map<string, number>> {
    const rows = await queryRows<{ unitId: string; n: number }>(
      this.dataSource,
      `SELECT r.unit_id AS "unitId", count(*)::int AS n FROM (${recipients}) r GROUP BY r.unit_id`,
      [[...targetUnitIds]],
    );
    return new Map(rows.map((r) => [r.unitId, r.n]));
  }
}
