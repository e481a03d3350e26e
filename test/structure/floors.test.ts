// The project's floors (DESIGN.md "The rooms"), held by the code itself: kinds/ is the ground floor;
// policies/ and generator/ stand on it side by side; webhook/ on policies/; cli/ on everything. No import runs
// back up a floor, no module imports itself round a cycle, only `mdbkit generate` reaches the generator, and
// the webhook's transport names no kind (every kind-specific behaviour lives in its policy folder).
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { loadSchemas } from '../../kinds/load-schemas.js';
import { PROJECT_ROOT } from '../../kinds/project-paths.js';

const FLOORS: Record<string, readonly string[]> = {
  kinds: ['kinds'],
  policies: ['kinds', 'policies'],
  generator: ['kinds', 'generator'],
  webhook: ['kinds', 'policies', 'webhook'],
  cli: ['kinds', 'policies', 'generator', 'webhook', 'cli'],
  bench: ['kinds', 'policies', 'webhook', 'cli', 'bench', 'test'],
};

function sourcesBelow(dir: string): string[] {
  return readdirSync(join(PROJECT_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesBelow(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path.split(sep).join('/')] : [];
  });
}

/** Every relative import of a module, static and dynamic, as project paths of .ts files (TypeScript's own scan). */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(PROJECT_ROOT, file), 'utf8'), true, true);
  return importedFiles
    .map((i) => i.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) =>
      relative(PROJECT_ROOT, resolve(PROJECT_ROOT, dirname(file), name))
        .split(sep)
        .join('/')
        .replace(/\.js$/, '.ts'),
    );
}

const files = Object.keys(FLOORS).flatMap(sourcesBelow);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const floorOf = (path: string) => path.split('/')[0]!;

describe('the floors of the source', () => {
  it('finds the modules it judges', () => {
    assert.ok(files.length > 100, `${files.length} modules`);
    assert.ok(graph.get('policies/policy-engine.ts')!.includes('policies/schema-validator.ts'));
  });

  it('has no import running back up a floor', () => {
    const up = [...graph].flatMap(([file, imports]) => imports.filter((d) => !FLOORS[floorOf(file)]!.includes(floorOf(d))).map((d) => `${file} -> ${d}`));
    assert.deepEqual(up, []);
  });

  it('reaches generator/ only from generator/ and cli/commands/generate*', () => {
    const reach = [...graph].flatMap(([file, imports]) =>
      imports
        .filter((d) => floorOf(d) === 'generator' && floorOf(file) !== 'generator' && !file.startsWith('cli/commands/generate'))
        .map((d) => `${file} -> ${d}`),
    );
    assert.deepEqual(reach, []);
  });

  it('has no import cycle', () => {
    // Tarjan's strongly connected components: any component of more than one module is a cycle.
    let next = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string) => {
      index.set(v, next);
      low.set(v, next++);
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!graph.has(w)) continue;
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) !== index.get(v)) return;
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) cycles.push(component.sort());
    };
    for (const v of graph.keys()) if (!index.has(v)) visit(v);
    assert.deepEqual(cycles, []);
  });

  it('names no kind in the webhook: no kind name in its strings, no resource name as a string', () => {
    const definitions = loadSchemas().kinds;
    const kinds = [...new Set(definitions.map((k) => k.kind))];
    const resources = new Set(definitions.flatMap((k) => [k.plural, k.singular]));
    const named: string[] = [];
    for (const file of sourcesBelow('webhook')) {
      const source = ts.createSourceFile(file, readFileSync(join(PROJECT_ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        // An HTTP header name (`Connection: close`) is not the Connection kind.
        const headerName =
          node.parent !== undefined &&
          ts.isCallExpression(node.parent) &&
          ts.isPropertyAccessExpression(node.parent.expression) &&
          /^(set|get|remove)Header$/.test(node.parent.expression.name.text) &&
          node.parent.arguments[0] === node;
        if (!headerName && (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node))) {
          const text = node.text;
          // Kind names are PascalCase (MaxScale, Galera); a resource name counts only as a whole string ('maxscales').
          for (const kind of kinds)
            if (new RegExp(`\\b${kind}\\b`).test(text)) named.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${kind}`);
          if (resources.has(text)) named.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: '${text}'`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    assert.deepEqual(named, []);
  });
});
