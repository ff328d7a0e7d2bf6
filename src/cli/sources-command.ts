/**
 * `linhai sources import|list|test`. Thin: parsing, storage and running live in #sources; this file
 * reads files, keeps the sources in the store (through the app's SourceCatalog), and prints reports.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LinhaiError, isLinhaiError } from '#model';
import type { Fetcher } from '#net';
import { createSourceDriver, importSources, reportEntry } from '#sources';
import { openStore } from '#store';
import { SourceCatalog, builtInSourcesWanted } from '#app';
import type { ImportReportEntry, ImportResult, SourceDriverOptions } from '#sources';

export interface SourcesCommandDeps {
  dataDir(): string;
  out(line: string): void;
  err(line: string): void;
  /** The network client (the integrator passes #net's real client). */
  createFetcher(): Fetcher | Promise<Fetcher>;
  /** The JS sandbox for source scripts, when available. */
  createSandbox?(): SourceDriverOptions['sandbox'] | Promise<SourceDriverOptions['sandbox']>;
}

/** The sources live in the store (SQLite in the data folder, or LINHAI_DATABASE_URL). */
async function withCatalog<T>(
  deps: SourcesCommandDeps,
  run: (catalog: SourceCatalog) => Promise<T>,
): Promise<T> {
  const url = process.env.LINHAI_DATABASE_URL;
  const store = openStore({ dataDir: deps.dataDir(), ...(url ? { url } : {}) });
  try {
    await store.migrate();
    const catalog = new SourceCatalog(store);
    if (builtInSourcesWanted()) await catalog.seedBuiltIns();
    return await run(catalog);
  } finally {
    await store.close();
  }
}

async function readInput(deps: SourcesCommandDeps, fileOrUrl: string): Promise<string> {
  if (isUrl(fileOrUrl)) {
    if (!URL.canParse(fileOrUrl))
      throw new LinhaiError('invalid-input', `not a URL: ${fileOrUrl}`, {
        details: { url: fileOrUrl },
      });
    const fetcher = await deps.createFetcher();
    const response = await fetcher
      .fetch({ url: fileOrUrl, kind: 'other' })
      .finally(() => release(fetcher));
    if (response.status >= 400) {
      throw new LinhaiError('net-http-status', `HTTP ${response.status} from ${fileOrUrl}`, {
        details: { url: fileOrUrl },
      });
    }
    return response.text;
  }
  try {
    return readFileSync(fileOrUrl, 'utf8');
  } catch (error) {
    throw new LinhaiError('invalid-input', `cannot read ${fileOrUrl}: ${unreadable(error)}`, {
      details: { file: fileOrUrl },
    });
  }
}

const isUrl = (input: string) => /^https?:\/\//i.test(input);

/** What `linhai sources import` takes, said when it gets something else. */
const takes = 'give a Legado book-source file (.json), a folder of them, or an http(s) URL';

/** Why a file could not be read, in words (not `EACCES: permission denied, open …`). */
function unreadable(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder';
  return error instanceof Error ? error.message : String(error);
}

/**
 * The files or URL an import argument names: a URL, a file, or every `.json` / `.txt` file
 * directly in a folder (in name order).
 */
function importInputs(fileOrUrl: string): { inputs: string[]; folder: boolean } {
  if (isUrl(fileOrUrl)) return { inputs: [fileOrUrl], folder: false };
  if (!existsSync(fileOrUrl))
    throw new LinhaiError('not-found', `no such file or folder: ${fileOrUrl} (${takes})`, {
      details: { file: fileOrUrl },
    });
  if (!statSync(fileOrUrl).isDirectory()) return { inputs: [fileOrUrl], folder: false };
  const inputs = readdirSync(fileOrUrl)
    .filter((name) => /\.(json|txt)$/i.test(name))
    .sort()
    .map((name) => join(fileOrUrl, name))
    .filter((path) => statSync(path).isFile());
  if (inputs.length === 0)
    throw new LinhaiError('invalid-input', `${fileOrUrl} has no .json or .txt files (${takes})`, {
      details: { file: fileOrUrl },
    });
  return { inputs, folder: true };
}

/** One file or URL imported, with the collections its `sourceUrls` name. */
async function importInput(deps: SourcesCommandDeps, input: string): Promise<ImportResult> {
  let result = importSources(await readInput(deps, input));
  for (const url of result.sourceUrls) {
    const more = importSources(await readInput(deps, url));
    result = {
      ...more,
      sources: [...result.sources, ...more.sources],
      report: [...result.report, ...more.report],
      errors: [...result.errors, ...more.errors],
    };
  }
  return result;
}

function reportLine(r: ImportReportEntry): string {
  const missing = r.missing.length > 0 ? `  missing: ${r.missing.join(', ')}` : '';
  return `  ${r.tier.padEnd(13)} ${r.level.padEnd(2)} ${r.name}  <${r.url}>${missing}`;
}

/** Closes what the deps created (keep-alive sockets, the sandbox) so the command can exit. */
async function release(...things: unknown[]): Promise<void> {
  for (const thing of things) {
    const t = thing as { close?: () => unknown; dispose?: () => unknown } | undefined;
    if (typeof t?.close === 'function') await t.close();
    else if (typeof t?.dispose === 'function') t.dispose();
  }
}

const ms = (start: number): number => Math.round(performance.now() - start);

export function registerSourcesCommand(program: Command, deps: SourcesCommandDeps): void {
  const sources = program
    .command('sources')
    .description('import, list and test book sources (Legado JSON)');

  sources
    .command('import <fileOrUrl>')
    .description(
      'import a Legado book-source file or URL; prints each source with its tier and missing capabilities',
    )
    .option('--json', 'print the report as JSON')
    .option('--dry-run', 'report only, do not store')
    .action(async (fileOrUrl: string, options: { json?: boolean; dryRun?: boolean }) => {
      const { inputs, folder } = importInputs(fileOrUrl);
      const results: Array<{ input: string; result: ImportResult }> = [];
      for (const input of inputs) results.push({ input, result: await importInput(deps, input) });
      const sources = results.flatMap(({ result }) => result.sources);
      if (!options.dryRun && sources.length > 0) {
        await withCatalog(deps, (catalog) => catalog.save(sources));
      }
      const all = results.map(({ result }) => result);
      const report = all.flatMap((r) => r.report);
      const errors = all.flatMap((r) => r.errors);
      if (options.json) {
        deps.out(
          JSON.stringify({
            imported: sources.length,
            report,
            errors,
            warnings: all.flatMap((r) => r.warnings),
            ...(folder
              ? {
                  files: results.map(({ input, result }) => ({
                    file: input,
                    imported: result.sources.length,
                    errors: result.errors,
                  })),
                }
              : {}),
          }),
        );
      } else {
        for (const { input, result } of results) {
          if (folder)
            deps.out(`${input}: ${result.sources.length} sources, ${result.errors.length} errors`);
          for (const r of result.report) deps.out(reportLine(r));
          for (const e of result.errors) deps.err(`  error ${e.item}: ${e.message}`);
        }
        const counts = new Map<string, number>();
        for (const r of report) counts.set(r.tier, (counts.get(r.tier) ?? 0) + 1);
        const from = folder ? ` from ${inputs.length} files` : '';
        deps.out(
          `${sources.length} sources imported${from} (${[...counts].map(([t, n]) => `${t} ${n}`).join(', ')}), ${errors.length} errors`,
        );
      }
      // A file that is not a collection at all: its position, after the others are imported.
      const broken = results.flatMap(({ input, result }) => {
        const fileError = result.errors.find((e) => e.item === 'file');
        return fileError ? [{ input, fileError }] : [];
      });
      const first = broken[0];
      if (first) {
        const { line, column } = first.fileError;
        const message = broken.map((b) => `${b.input}: ${b.fileError.message}`).join('; ');
        throw new LinhaiError('import-parse', message, {
          details: { file: first.input, line, column },
        });
      }
    });

  sources
    .command('list')
    .description('list the stored sources with their tier')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const stored = await withCatalog(deps, (catalog) => catalog.list());
      // Built-in sources (Wikisource, Project Gutenberg) carry `linhaiBuiltIn` and are marked.
      const report = stored.map((source) => ({
        ...reportEntry(source),
        builtIn: source['linhaiBuiltIn'] === true,
        enabled: source.enabled !== false,
      }));
      if (options.json) deps.out(JSON.stringify(report));
      else if (report.length === 0) deps.out('no sources yet: linhai sources import <file|url>');
      else {
        for (const r of report) {
          const marks = `${r.builtIn ? '  (built in)' : ''}${r.enabled ? '' : '  (disabled)'}`;
          deps.out(`${reportLine(r)}${marks}`);
        }
      }
    });

  sources
    .command('test <name> [query]')
    .description('run search → info → TOC → first chapter for one stored source, showing each step')
    .option('--json', 'print JSON')
    .action(async (name: string, query: string | undefined, options: { json?: boolean }) => {
      const all = await withCatalog(deps, (catalog) => catalog.list());
      const source =
        all.find((s) => s.bookSourceName === name || s.bookSourceUrl === name) ??
        all.find((s) => s.bookSourceName.includes(name));
      if (!source)
        throw new LinhaiError('not-found', `no stored source named ${name}`, { details: { name } });
      const sandbox = await deps.createSandbox?.();
      const fetcher = await deps.createFetcher();
      const driver = createSourceDriver({ source, fetcher, ...(sandbox ? { sandbox } : {}) });
      const key = query ?? (source.ruleSearch?.checkKeyWord?.trim() || '我的');
      const steps = await runSteps(driver, key).finally(() => release(fetcher, sandbox));
      if (options.json)
        deps.out(
          JSON.stringify({
            source: source.bookSourceName,
            tier: driver.classification.tier,
            key,
            steps,
          }),
        );
      else {
        deps.out(
          `${source.bookSourceName} <${source.bookSourceUrl}>  tier ${driver.classification.tier}  search "${key}"`,
        );
        for (const s of steps)
          deps.out(
            `  ${s.ok ? 'ok  ' : 'FAIL'} ${s.step.padEnd(8)} ${String(s.ms).padStart(6)} ms  ${s.summary}`,
          );
      }
      const failed = steps.find((s) => !s.ok);
      if (failed)
        throw new LinhaiError(
          failed.code ?? 'rule-error',
          `${source.bookSourceName}: ${failed.step} failed: ${failed.summary}`,
        );
    });
}

export interface StepReport {
  step: 'search' | 'info' | 'toc' | 'content';
  ok: boolean;
  ms: number;
  summary: string;
  code?: LinhaiError['code'];
  details?: LinhaiError['details'];
}

/** search → info → TOC → first chapter; stops at the first failing step. */
export async function runSteps(
  driver: ReturnType<typeof createSourceDriver>,
  key: string,
): Promise<StepReport[]> {
  const steps: StepReport[] = [];
  async function step<T>(
    name: StepReport['step'],
    run: () => Promise<T>,
    summary: (v: T) => string,
  ): Promise<T | undefined> {
    const start = performance.now();
    try {
      const value = await run();
      steps.push({ step: name, ok: true, ms: ms(start), summary: summary(value) });
      return value;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      steps.push({
        step: name,
        ok: false,
        ms: ms(start),
        summary: message,
        ...(isLinhaiError(error) ? { code: error.code, details: error.details } : {}),
      });
      return undefined;
    }
  }
  const results = await step(
    'search',
    () => driver.search(key),
    (r) =>
      `${r.length} results; first: ${r[0] ? `${r[0].name} / ${r[0].author} <${r[0].bookUrl}>` : '—'}`,
  );
  const first = results?.[0];
  if (!first) {
    if (results)
      steps.push({
        step: 'info',
        ok: false,
        ms: 0,
        summary: 'search found nothing to open',
        code: 'rule-error',
      });
    return steps;
  }
  const info = await step(
    'info',
    () => driver.bookInfo(first),
    (b) => `${b.name} / ${b.author}; kind ${b.kind || '—'}; toc <${b.tocUrl}>`,
  );
  if (!info) return steps;
  const chapters = await step(
    'toc',
    () => driver.toc(info),
    (c) =>
      `${c.length} chapters; first: ${c[0]?.title ?? '—'}; last: ${c[c.length - 1]?.title ?? '—'}`,
  );
  const chapter = chapters?.find((c) => !c.isVolume);
  if (!chapters || !chapter) return steps;
  const next = chapters[chapter.index + 1];
  await step(
    'content',
    () => driver.content(chapter, { book: info, ...(next ? { nextChapterUrl: next.url } : {}) }),
    (c) =>
      `${chapter.title}: ${c.text.length} chars in ${c.pages.length} page(s)${c.truncated ? ' (page cap)' : ''}: ${c.text.slice(0, 40).replace(/\s+/g, ' ')}…`,
  );
  return steps;
}
