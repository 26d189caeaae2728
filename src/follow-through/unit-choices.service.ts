import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CurrentUser } from '../auth/current-user';
import { scopeSql } from './follow-through-access';

export interface UnitChoice {
  id: string;
  name: string;
  /** the name indented by depth, for a select */
  label: string;
}

/** Active units the user may see, in tree order, for filter menus. */
@Injectable()
export class UnitChoicesService {
  constructor(private readonly dataSource: DataSource) {}

  async choices(user: CurrentUser): Promise<UnitChoice[]> {
    const params: unknown[] = [];
    const rows: { id: string; name: string; path: string }[] = await this.dataSource.query(
      `SELECT u.id, u.name, u.path FROM units u
        WHERE u.deactivated_at IS NULL AND ${scopeSql(user, 'u.path', params)}
        ORDER BY u.path`,
      params,
    );
    const base = Math.min(...rows.map((r) => depth(r.path)));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      label: `${'\u00a0\u00a0'.repeat(depth(r.path) - base)}${r.name}`,
    }));
  }
}

const depth = (path: string) => path.split('/').length - 3;
