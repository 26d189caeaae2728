import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { ROOT, sourceFiles } from './source-files';
import { READ_MODEL, TABLE_OWNERS } from './table-owners';

const SQL_REFERENCE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+"?([a-z_]+)"?/gi;
const SQL_STATEMENT = /\b(SELECT|INSERT|UPDATE|DELETE|WITH|TRUNCATE|ALTER)\b/;

/** The text of every string and template literal in a file that reads like SQL (comments are not strings). */
function sqlTexts(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    // bulkInsert(manager, 'table', …) names its table as a plain string.
    if (
      ts.isCallExpression(node) &&
      node.expression.getText(source) === 'bulkInsert' &&
      node.arguments[1] &&
      ts.isStringLiteral(node.arguments[1])
    )
      out.push(`INSERT INTO ${node.arguments[1].text}`);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    else if (ts.isTemplateExpression(node))
      out.push([node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ? '));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out.filter((sql) => SQL_STATEMENT.test(sql));
}

/** Every place a module names a table it does not own, as "file: table". */
export function foreignTableReferences(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const path = relative(ROOT, file);
    if (path.startsWith(READ_MODEL)) continue;
    const module = path.split('/')[1];
    const tables = new Set<string>();
    for (const sql of sqlTexts(file, readFileSync(file, 'utf8')))
      for (const [, table] of sql.matchAll(SQL_REFERENCE)) {
        const owner = TABLE_OWNERS[table.toLowerCase()];
        if (owner && owner !== module) tables.add(table.toLowerCase());
      }
    for (const table of [...tables].sort()) found.push(`${path}: ${table}`);
  }
  return found;
}

describe('table ownership', () => {
  it('finds references to tables (the check itself can fail)', () => {
    expect(
      [...'SELECT 1 FROM units u JOIN "cycles" c ON true'.matchAll(SQL_REFERENCE)].map((m) => m[1]),
    ).toEqual(['units', 'cycles']);
  });

  it('lets only the owner of a table write it or read its rows', () => {
    expect(foreignTableReferences()).toEqual([]);
  });
});
