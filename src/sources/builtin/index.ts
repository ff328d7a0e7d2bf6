/**
 * Book sources Linhai ships with (issue 5): public-domain libraries with documented interfaces,
 * written as ordinary Legado book-source JSON so the same engine runs them. Each carries
 * `linhaiBuiltIn: true` and says so in `bookSourceComment`; the composition root saves them on
 * first start with `SourceCatalog.save(builtInSources(), { builtIn: true })`.
 */
import { importSources, assertImported } from '../import-export.ts';
import type { BookSource } from '../types.ts';
import type { JsonValue } from '#rules';
import { gutenbergSource } from './gutenberg.ts';
import { wikisourceSites, wikisourceSource } from './wikisource.ts';

export { gutenbergOrigin } from './gutenberg.ts';

/** The built-in sources as the JSON a user could export or import (Legado's array form). */
export function builtInSourceJson(): Record<string, JsonValue>[] {
  return [
    wikisourceSource(wikisourceSites.zh),
    wikisourceSource(wikisourceSites.en),
    gutenbergSource(),
  ];
}

/**
 * The built-in sources, parsed through `importSources` like any imported file, so a rule the
 * classifier cannot run would show up in the import report (and here as an error).
 */
export function builtInSources(): BookSource[] {
  const result = importSources(JSON.stringify(builtInSourceJson()));
  assertImported(result);
  return result.sources;
}
