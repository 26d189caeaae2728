import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class HomeService {
  constructor(private readonly dataSource: DataSource) {}

  /** Counts for the dashboard; an empty directory shows the three first steps instead. */
  async summarize() {
    const [row] = await this.dataSource.query<Array<{ units: number }>>(`SELECT (SELECT count(*) FROM units WHERE deactivated_at IS NULL)::int AS units`);
    return { counts: row, empty: row.units === 0 };
  }
}
