/**
 * Outside test material (`../shared/data/` beside the project: real sources, real pages, standard
 * suites) is optional: a clone on its own has none. Tests that read it ask here first and skip with
 * one line saying what is missing; `npm test` under CI (`CI=true`) fails if anything was skipped.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

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
