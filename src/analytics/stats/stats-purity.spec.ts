import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * src/analytics/stats holds plain functions over arrays (STYLE.md rule 9). The lint rule in
 * eslint.config.mjs says the same; this keeps it so where lint is not run. Allowed: modules of
 * this folder, the packages listed here, and `import type` (erased on compile) from anywhere
 * but the framework, database and file packages.
 */
const STATS_DIR = __dirname;
const PURE_PACKAGES = new Set(['jstat']);
const FORBIDDEN_PACKAGE = /^(@nestjs\/|@fastify\/|fastify$|typeorm$|pg$|pg-|(node:)?fs$)/;

interface ImportUse {
  specifier: string;
  typeOnly: boolean;
}

function importsOf(fileName: string, text: string): ImportUse[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const uses: ImportUse[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const everyNameIsType =
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly);
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly || (clause.name === undefined && everyNameIsType));
      uses.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      uses.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      uses.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportEqualsDeclaration(node)) {
      const ref = node.moduleReference;
      if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression))
        uses.push({ specifier: ref.expression.text, typeOnly: node.isTypeOnly });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

/** Why `specifier`, imported from `fileName`, breaks the folder's purity; null if it doesn't. */
function violation(fileName: string, { specifier, typeOnly }: ImportUse): string | null {
  const packageName = specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : specifier.split('/')[0];
  if (FORBIDDEN_PACKAGE.test(packageName)) return `${specifier} is framework, database or I/O`;
  if (typeOnly) return null;
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(fileName), specifier);
    const inside = !relative(STATS_DIR, target).startsWith('..');
    return inside ? null : `${specifier} is outside src/analytics/stats`;
  }
  return PURE_PACKAGES.has(packageName) ? null : `${specifier} is not a pure package`;
}

function violations(fileName: string, text: string): string[] {
  return importsOf(fileName, text)
    .map((use) => violation(fileName, use))
    .filter((v): v is string => v !== null);
}

describe('src/analytics/stats purity', () => {
  const modules = readdirSync(STATS_DIR).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'),
  );

  it('finds the statistics modules to check', () => {
    expect(modules).toEqual(expect.arrayContaining(['correlation.ts', 'metrics.ts']));
  });

  it('imports nothing but its own modules, pure packages and types', () => {
    const found = modules.flatMap((f) => {
      const fileName = join(STATS_DIR, f);
      return violations(fileName, readFileSync(fileName, 'utf8')).map((v) => `${f}: ${v}`);
    });
    expect(found).toEqual([]);
  });

  it('rejects Nest, TypeORM, pg, file access and modules outside the folder', () => {
    const probe = join(STATS_DIR, 'probe.ts');
    const text = [
      "import { Injectable } from '@nestjs/common';",
      "import { DataSource } from 'typeorm';",
      "import { Pool } from 'pg';",
      "import { readFileSync } from 'node:fs';",
      "import * as fs from 'fs/promises';",
      "import type { EntityManager } from 'typeorm';",
      "import { parse } from 'csv-parse/sync';",
      "export { querySerial } from '../../database/serial-query';",
      "const reads = require('../analytics-reads');",
      "const later = import('../unit-stats.service');",
    ].join('\n');
    expect(violations(probe, text)).toEqual([
      '@nestjs/common is framework, database or I/O',
      'typeorm is framework, database or I/O',
      'pg is framework, database or I/O',
      'node:fs is framework, database or I/O',
      'fs/promises is framework, database or I/O',
      'typeorm is framework, database or I/O',
      'csv-parse/sync is not a pure package',
      '../../database/serial-query is outside src/analytics/stats',
      '../analytics-reads is outside src/analytics/stats',
      '../unit-stats.service is outside src/analytics/stats',
    ]);
  });

  it('accepts its own modules, jstat and type-only imports from elsewhere', () => {
    const probe = join(STATS_DIR, 'probe.ts');
    const text = [
      "import { mean } from './descriptives';",
      "import { jStat } from 'jstat';",
      "import type { QuestionKind } from '../../surveys/entities/question.entity';",
      "import { type SumAggregate } from './descriptives';",
    ].join('\n');
    expect(violations(probe, text)).toEqual([]);
  });
});
