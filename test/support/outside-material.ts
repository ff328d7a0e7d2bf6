/**
 * Outside test material (`../shared/data/` beside the project: real sources, real pages, standard
 * suites) is optional: a clone on its own has none. Tests that read it ask here first and skip with
 * one line saying what is missing; `npm test` under CI (`CI=true`) fails if anything was skipped.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/** `../shared/data` beside the project root, absolute. */
export const sharedDataDir = resolve(
  fileURLToPath(new URL('../../../shared/data/', import.meta.url)),
);

/** The absolute path of `relative` inside `../shared/data`. */
export function sharedData(relative: string): string {
  return resolve(sharedDataDir, relative);
}

/**
 * A node:test `skip` value: false when every path (relative to `../shared/data`) exists, else the
 * reason, e.g. `describe('…', { skip: sharedDataSkip('booksources') }, …)`.
 */
export function sharedDataSkip(...relatives: string[]): string | false {
  const missing = relatives.filter((relative) => !existsSync(sharedData(relative)));
  if (missing.length === 0) return false;
  return `outside test material is missing: ../shared/data/${missing.join(', ../shared/data/')} (it sits beside the project in CI)`;
}

/** Every `.json` file below `relative` in `../shared/data`, absolute, in a stable order. */
export function sharedJsonFiles(relative: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : name.endsWith('.json') ? [path] : [];
    });
  return walk(sharedData(relative)).sort();
}
