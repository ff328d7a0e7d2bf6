/**
 * No import cycle crosses a folder of src/ (issue 24; scripts/import-cycles.js, also run by
 * `npm run lint`). The detector itself is checked on a graph with one cycle inside a folder
 * (allowed) and one through two folders (refused), and on the real graph's doors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

interface Cycles {
  importGraph(): Map<string, Set<string>>;
  crossingCycles(graph?: Map<string, Set<string>>): string[][];
}
const root = new URL('../', import.meta.url).pathname;
const script = new URL('../scripts/import-cycles.js', import.meta.url).href;
const { importGraph, crossingCycles } = (await import(script)) as Cycles;

test('no import cycle crosses a folder of src/', () => {
  assert.deepEqual(crossingCycles(), []);
});

test('the graph follows #doors and relative imports, type-only ones too', () => {
  const graph = importGraph();
  const edges = graph.get(join(root, 'src/app/open-app.ts'));
  assert.ok(edges?.has(join(root, 'src/store/index.ts')), '#store → src/store/index.ts');
  assert.ok(edges?.has(join(root, 'src/app/source-catalog.ts')), './source-catalog.ts');
  assert.ok(
    graph.get(join(root, 'src/server/ports.ts'))?.has(join(root, 'src/library/index.ts')),
    'import type counts',
  );
});

test('a cycle inside one folder passes; one through two folders is reported', () => {
  const file = (path: string) => join(root, 'src', path);
  const graph = new Map<string, Set<string>>([
    [file('library/a.ts'), new Set([file('library/b.ts')])],
    [file('library/b.ts'), new Set([file('library/a.ts')])],
    [file('store/x.ts'), new Set([file('model/y.ts')])],
    [file('model/y.ts'), new Set([file('model/z.ts')])],
    [file('model/z.ts'), new Set([file('store/x.ts')])],
  ]);
  assert.deepEqual(crossingCycles(graph), [['src/model/y.ts', 'src/model/z.ts', 'src/store/x.ts']]);
});
