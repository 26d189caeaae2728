import { Injectable, OnModuleInit } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/project-root';

const PARTIALS = join(PROJECT_ROOT, 'views', 'follow-through', 'partials');

/**
 * Registers views/follow-through/partials/*.hbs as `follow-through/<name>` on the Handlebars
 * instance the view engine uses. `follow-through/impact` is meant for the linkage report too:
 * `{{> follow-through/impact impact}}` with impactView() of FollowThroughImpactService.compare().
 */
@Injectable()
export class FollowThroughViews implements OnModuleInit {
  onModuleInit(): void {
    for (const file of readdirSync(PARTIALS).filter((f) => f.endsWith('.hbs'))) {
      Handlebars.registerPartial(
        `follow-through/${file.replace(/\.hbs$/, '')}`,
        readFileSync(join(PARTIALS, file), 'utf8'),
      );
    }
  }
}
