import { Injectable, OnModuleInit } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/project-root';

const PARTIALS = join(PROJECT_ROOT, 'views', 'reports', 'partials');

/**
 * Registers views/reports/partials/*.hbs as `reports/<name>` on the Handlebars instance the
 * view engine uses, so the report pages share their table and chart markup.
 */
@Injectable()
export class ReportViews implements OnModuleInit {
  onModuleInit(): void {
    for (const file of readdirSync(PARTIALS).filter((f) => f.endsWith('.hbs'))) {
      Handlebars.registerPartial(
        `reports/${file.replace(/\.hbs$/, '')}`,
        readFileSync(join(PARTIALS, file), 'utf8'),
      );
    }
  }
}
