/**
 * The sources layer's public door (DESIGN.md, Layers): the Legado book-source schema, lenient
 * import and export, capability classification, and the per-source driver.
 *
 * @example
 * const { sources, report, errors } = importSources(readFileSync('sources.json', 'utf8'));
 * const driver = createSourceDriver({ source: sources[0], fetcher });
 * const [hit] = await driver.search('斗破苍穹');
 * const info = await driver.bookInfo(hit);
 * const chapters = await driver.toc(info);
 * const first = await driver.content(chapters[0], { book: info, nextChapterUrl: chapters[1]?.url });
 */
export type {
  BookSource,
  BookListRule,
  BookInfoRule,
  TocRule,
  ContentRule,
  BookSourceType,
} from './types.ts';
export { parseLenientJson, positionOf } from './lenient-json.ts';
export type { JsonValue, LenientParseResult } from './lenient-json.ts';
export { normalizeSource } from './normalize.ts';
export { importSources, exportSources, reportEntry, assertImported } from './import-export.ts';
export type { ImportResult, ImportReportEntry, ImportError } from './import-export.ts';
export { classifySource, tiers, engineLevels, supportedJavaHelpers } from './classify.ts';
export type { Classification, Tier, EngineLevel, Capability } from './classify.ts';
export { tierTableMarkdown } from './tier-table.ts';
export { parseExploreKinds } from './explore-kinds.ts';
export { cleanBookName, cleanAuthor, formatWordCount, dedupeToc } from './book-fields.ts';
export { createSourceDriver } from './driver.ts';
export type { SourceDriver, SourceDriverOptions } from './driver.ts';
export type { ContentOptions } from './content.ts';
export type { TocOptions } from './toc.ts';
export type {
  SearchResult,
  BookInfo,
  BookRef,
  TocEntry,
  ChapterContent,
  ExploreKind,
} from './results.ts';
