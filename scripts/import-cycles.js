#!/usr/bin/env node
// Import cycles that cross a folder of src/ (DESIGN.md "Layers"): a cycle inside one layer can be
// its own business; one through two layers means the layers are not ordered. Reads every .ts file
// under src/ (tests too), follows relative imports and the `#layer` doors (to src/<layer>/index.ts),
// type-only imports included, and finds the strongly connected components (Tarjan).
// Usage: node scripts/import-cycles.js   → exit 1 and each crossing cycle listed, else exit 0.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

// `import … from 'x'`, `export … from 'x'`, `import 'x'`, `import('x')`; comments stripped first
// so an example in a doc comment is not an import.
const specifiers = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;
const comments = /\/\*[\s\S]*?\*\/|(^|[^:'"`])\/\/[^\n]*/g;

function resolveImport(from, spec) {
  if (spec.startsWith('#')) {
    const index = join(src, spec.slice(1), 'index.ts');
    return existsSync(index) ? index : undefined;
  }
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const candidate of [
    base,
    base.replace(/\.js$/, '.ts'),
    `${base}.ts`,
    join(base, 'index.ts'),
  ])
    if (candidate.endsWith('.ts') && existsSync(candidate)) return candidate;
  return undefined;
}

/** The import graph of src/: file → files it imports. */
export function importGraph() {
  const graph = new Map();
  for (const file of walk(src)) {
    const text = readFileSync(file, 'utf8').replace(comments, '$1');
    const edges = new Set();
    for (const match of text.matchAll(specifiers)) {
      const target = resolveImport(file, match[1]);
      if (target && target !== file) edges.add(target);
    }
    graph.set(file, edges);
  }
  return graph;
}

/** Strongly connected components with more than one file (Tarjan, iterative). */
export function cycles(graph) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const found = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work = [{ node: start, edges: [...(graph.get(start) ?? [])], i: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.edges.length) {
        const to = frame.edges[frame.i++];
        if (!graph.has(to)) continue;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edges: [...graph.get(to)], i: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node), index.get(to)));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node), low.get(frame.node)));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1) found.push(component);
      }
    }
  }
  return found;
}

const layerOf = (file) => relative(src, file).split(/[\\/]/)[0];

/** The cycles whose files sit in more than one folder of src/, as paths relative to the root. */
export function crossingCycles(graph = importGraph()) {
  return cycles(graph)
    .filter((component) => new Set(component.map(layerOf)).size > 1)
    .map((component) => component.map((file) => relative(root, file)).sort());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const crossing = crossingCycles();
  for (const component of crossing) {
    const layers = [...new Set(component.map((f) => f.split('/')[1]))].join(' ↔ ');
    console.error(`import cycle across ${layers}:\n  ${component.join('\n  ')}`);
  }
  if (crossing.length > 0) process.exit(1);
  console.log('no import cycle crosses a folder of src/');
}
