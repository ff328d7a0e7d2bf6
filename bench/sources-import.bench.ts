/**
 * Book-source import cost over every collection in ../shared/data/booksources/ (436 sources),
 * measured side by side in one run: strict JSON.parse (the floor), the lenient reader, the full
 * import (lenient read + normalisation + classification), and classification alone.
 * Target: a full import costs under 1 ms per source (a 1,000-source collection in under a second).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseLenientJson } from '#rules';
import { classifySource, importSources } from '#sources';
import type { BookSource } from '#sources';

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
    })
    .sort();
}

function timeIt(rounds: number, fn: () => void): number {
  fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < rounds; i++) fn();
  return (performance.now() - start) / rounds;
}

export async function run(): Promise<boolean> {
  const dir = new URL('../../shared/data/booksources/', import.meta.url).pathname;
  const texts = jsonFiles(dir).map((f) => readFileSync(f, 'utf8'));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const sources: BookSource[] = texts.flatMap((t) => importSources(t).sources);
  const rounds = 5;
  const strict = timeIt(rounds, () => texts.forEach((t) => JSON.parse(t)));
  const lenient = timeIt(rounds, () => texts.forEach((t) => parseLenientJson(t)));
  const full = timeIt(rounds, () => texts.forEach((t) => importSources(t)));
  const classify = timeIt(rounds, () => sources.forEach((s) => classifySource(s)));
  const rows: [string, number][] = [
    ['JSON.parse (strict floor)', strict],
    ['parseLenientJson', lenient],
    ['importSources (read + normalise + classify)', full],
    ['classifySource only', classify],
  ];
  console.log(
    `${texts.length} files, ${(bytes / 1024).toFixed(0)} KiB, ${sources.length} sources; mean of ${rounds} rounds`,
  );
  console.log('| step | ms (all files) | ms / source | × JSON.parse |');
  console.log('|---|---:|---:|---:|');
  for (const [name, ms] of rows) {
    console.log(
      `| ${name} | ${ms.toFixed(1)} | ${(ms / sources.length).toFixed(3)} | ${(ms / strict).toFixed(1)} |`,
    );
  }
  const ok = full / sources.length < 1;
  console.log(ok ? 'target met' : 'target missed: import slower than 1 ms per source');
  return ok;
}
