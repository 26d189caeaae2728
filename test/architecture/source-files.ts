import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The project's root folder. */
export const ROOT = join(__dirname, '..', '..');

/** Every TypeScript file under `dir` but the spec files, as paths. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}
