/**
 * Importing and exporting book-source collections (docs/legado-rules.md §1.1–1.2). Import accepts
 * one source, an array of sources, or `{ sourceUrls: [...] }` (returned for the caller to fetch);
 * each item is normalised and classified on its own, so one bad item never sinks the file. A file
 * that is not JSON at all is one error with its line and column. Export writes Legado's array form.
 */
import { LinhaiError, isLinhaiError } from '#model';
import { classifySource } from './classify.ts';
import type { Classification, EngineLevel, Tier } from './classify.ts';
import { parseLenientJson } from '#rules';
import type { JsonValue } from '#rules';
import { normalizeSource } from './normalize.ts';
import type { BookSource } from './types.ts';

export interface ImportReportEntry {
  name: string;
  url: string;
  tier: Tier;
  level: EngineLevel;
  missing: string[];
  evidence: string[];
  type: number;
}

export interface ImportError {
  /** "item 3" or "file" */
  item: string;
  message: string;
  line?: number;
  column?: number;
}

export interface ImportResult {
  sources: BookSource[];
  report: ImportReportEntry[];
  errors: ImportError[];
  /** Leniencies used and duplicates replaced. */
  warnings: string[];
  /** From a `{ "sourceUrls": [...] }` envelope: collections the caller should fetch and import. */
  sourceUrls: string[];
}

function toImportError(item: string, error: unknown): ImportError {
  if (isLinhaiError(error)) {
    const line = error.details['line'];
    const column = error.details['column'];
    return {
      item,
      message: error.message,
      ...(typeof line === 'number' ? { line } : {}),
      ...(typeof column === 'number' ? { column } : {}),
    };
  }
  return { item, message: error instanceof Error ? error.message : String(error) };
}

/** A report line for one source. */
export function reportEntry(
  source: BookSource,
  classification = classifySource(source),
): ImportReportEntry {
  return {
    name: source.bookSourceName,
    url: source.bookSourceUrl,
    tier: classification.tier,
    level: classification.level,
    missing: classification.missing,
    evidence: classification.evidence,
    type: classification.type,
  };
}

/**
 * Imports a collection's text. Never throws for bad input: problems are in `errors` (a file that
 * cannot be parsed yields one error with line and column and no sources).
 */
export function importSources(text: string): ImportResult {
  const result: ImportResult = {
    sources: [],
    report: [],
    errors: [],
    warnings: [],
    sourceUrls: [],
  };
  let value: JsonValue;
  try {
    const parsed = parseLenientJson(text);
    value = parsed.value;
    for (const warning of parsed.warnings) result.warnings.push(warning); // no spread: unbounded
  } catch (error) {
    result.errors.push(toImportError('file', error));
    return result;
  }
  let items: JsonValue[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'object' && value !== null && Array.isArray(value['sourceUrls'])) {
    for (const u of value['sourceUrls'])
      if (typeof u === 'string' && u.trim()) result.sourceUrls.push(u.trim());
    return result;
  } else items = [value];

  const byUrl = new Map<string, number>();
  items.forEach((item, index) => {
    const where = `item ${index + 1}`;
    try {
      const source = normalizeSource(item, where);
      const previous = byUrl.get(source.bookSourceUrl);
      const entry = reportEntry(source);
      if (previous !== undefined) {
        result.warnings.push(
          `${where} replaces an earlier source with the same bookSourceUrl ${source.bookSourceUrl}`,
        );
        result.sources[previous] = source;
        result.report[previous] = entry;
      } else {
        byUrl.set(source.bookSourceUrl, result.sources.length);
        result.sources.push(source);
        result.report.push(entry);
      }
    } catch (error) {
      result.errors.push(toImportError(where, error));
    }
  });
  return result;
}

/** Legado's array export form, pretty-printed; unknown keys come back as they were imported. */
export function exportSources(sources: readonly BookSource[]): string {
  return JSON.stringify(sources, null, 2);
}

/** Throws the first import error as a LinhaiError (for callers that want all-or-nothing). */
export function assertImported(result: ImportResult): void {
  const first = result.errors[0];
  if (first) {
    throw new LinhaiError('import-parse', `${first.item}: ${first.message}`, {
      details: { item: first.item, line: first.line, column: first.column },
    });
  }
}

export type { Classification };
