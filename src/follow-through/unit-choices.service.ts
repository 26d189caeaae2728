import { Injectable } from '@nestjs/common';
import type { CurrentUser } from '../auth/current-user';
import { UnitsService } from '../directory/units.service';

export interface UnitChoice {
  id: string;
  name: string;
  /** the name indented by depth, for a select */
  label: string;
}

/** Active units the user may see, in tree order, for filter menus. */
@Injectable()
export class UnitChoicesService {
  constructor(private readonly units: UnitsService) {}

  async choices(user: CurrentUser): Promise<UnitChoice[]> {
    const rows = await this.units.summariesUnder(user.scope?.path ?? null, { activeOnly: true });
    const base = Math.min(...rows.map((r) => depth(r.path)));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      label: `${'\u00a0\u00a0'.repeat(depth(r.path) - base)}${r.name}`,
    }));
  }
}

const depth = (path: string) => path.split('/').length - 3;
