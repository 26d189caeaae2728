import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { ROOT, sourceFiles } from './source-files';

/**
 * A decorated class property (a DTO field, a configuration variable) names its type: the type
 * is what TypeScript records for the decorators (`design:type`), which the OpenAPI document
 * reads. Left to be inferred from its default value, tsc records Object (the document said
 * "object" for a cycle's name) and SWC, which runs the children and the CLI under ts-node,
 * records nothing (the OpenAPI generator then refuses to start the server).
 */
function untypedDecoratedProperties(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyDeclaration(node) && !node.type && ts.getDecorators(node)?.length) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${file}:${line + 1} ${node.name.getText(source)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('decorated properties', () => {
  it('finds a decorated property without a type (the check itself can fail)', () => {
    const text = `class A { @IsString() name = ''; @IsString() typed: string = ''; plain = 1; }`;
    expect(untypedDecoratedProperties('a.ts', text)).toEqual(['a.ts:1 name']);
  });

  it('name their type everywhere in src', () => {
    const files = sourceFiles(join(ROOT, 'src'));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) =>
      untypedDecoratedProperties(relative(ROOT, f), readFileSync(f, 'utf8')),
    );
    expect(found).toEqual([]);
  });
});
