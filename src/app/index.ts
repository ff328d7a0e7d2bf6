/** The composition root: only entry points (the CLI, `linhai serve`, workers) import it. */
export { openApp } from './open-app.ts';
export type { App, AppOptions } from './open-app.ts';
export { SourceCatalog, builtInSourcesWanted } from './source-catalog.ts';
