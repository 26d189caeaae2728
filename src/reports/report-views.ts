import { Injectable, OnModuleInit } from '@nestjs/common';
import { registerModulePartials } from '../common/module-partials';

/**
 * Registers views/reports/partials/*.hbs as `reports/<name>`, so the report pages share their
 * table and chart markup.
 */
@Injectable()
export class ReportViews implements OnModuleInit {
  onModuleInit(): void {
    registerModulePartials('reports');
  }
}
