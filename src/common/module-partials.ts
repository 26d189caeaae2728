import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/project-root';

/**
 * Registers views/<module>/partials/*.hbs as `<module>/<name>` on the Handlebars instance the
 * view engine uses, so a module's pages (and other modules' pages) can include them.
 */
export function registerModulePartials(module: string): void {
  const dir = join(PROJECT_ROOT, 'views', module, 'partials');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs')))
    Handlebars.registerPartial(
      `${module}/${file.replace(/\.hbs$/, '')}`,
      readFileSync(join(dir, file), 'utf8'),
    );
}
