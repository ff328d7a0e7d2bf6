/**
 * `linhai sources import|list|test`. Thin: parsing and following a collection's `sourceUrls` live
 * in the app's SourceCatalog, the step-by-step test in #library (`testSource`), both shared with
 * the server; this file reads files and folders, opens the app (`withApp`) and prints reports.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LinhaiError } from '#model';
import { testSource } from '#library';
import { classifySource, reportEntry } from '#sources';
import type { ImportReportEntry, ImportResult } from '#sources';
import type { App } from '#app';
import type { CliContext } from './context.ts';
import { parsePositiveInt } from './parse-options.ts';
import { registerSourceBudgetCommand } from './source-budget-command.ts';
import { registerSourceLoginCommand } from './source-login-command.ts';
import { withApp } from './with-app.ts';

/** A file's text, or a URL's (through the app's guarded network client). */
async function readInput(app: App, fileOrUrl: string): Promise<string> {
  if (isUrl(fileOrUrl)) return app.catalog.fetchCollection(fileOrUrl);
  try {
    return readFileSync(fileOrUrl, 'utf8');
  } catch (error) {
    throw new LinhaiError('invalid-input', `cannot read ${fileOrUrl}: ${unreadable(error)}`, {
      details: { file: fileOrUrl },
    });
  }
}

const isUrl = (input: string) => /^https?:\/\//i.test(input);

/** How long `sources import` waits for its tries of the new sources' sites. */
const REACH_WAIT_MS = 10_000;

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

function reportLine(r: ImportReportEntry): string {
  const missing = r.missing.length > 0 ? `  missing: ${r.missing.join(', ')}` : '';
  return `  ${r.tier.padEnd(13)} ${r.level.padEnd(2)} ${r.name}  <${r.url}>${missing}`;
}

export function registerSourcesCommand(program: Command, context: CliContext): void {
  const sources = program
    .command('sources')
    .description('import, list and test book sources (Legado JSON)');
  registerSourceBudgetCommand(sources, context);
  registerSourceLoginCommand(sources, context);

  sources
    .command('import <fileOrUrl>')
    .description(
      'import a Legado book-source file or URL; prints each source with its tier and missing capabilities',
    )
    .option('--json', 'print the report as JSON')
    .option('--dry-run', 'report only, do not store')
    .option('--no-check', "do not try the new sources' sites (an offline import)")
    .action(
      async (fileOrUrl: string, options: { json?: boolean; dryRun?: boolean; check: boolean }) => {
        const { inputs, folder } = importInputs(fileOrUrl);
        const results: Array<{ input: string; result: ImportResult }> = [];
        const { sources, unreachable } = await withApp(context, async (app) => {
          for (const input of inputs) {
            results.push({ input, result: await app.catalog.read(await readInput(app, input)) });
          }
          const read = results.flatMap(({ result }) => result.sources);
          if (!options.dryRun && read.length > 0)
            await app.catalog.save(read, { tryReach: options.check });
          // Each new source's site is tried once; a try still running after 10 s is left off.
          const tried = await app.catalog.unreachable(AbortSignal.timeout(REACH_WAIT_MS));
          return { sources: read, unreachable: tried };
        });
        const all = results.map(({ result }) => result);
        const report = all.flatMap((r) => r.report);
        const errors = all.flatMap((r) => r.errors);
        if (options.json) {
          context.out(
            JSON.stringify({
              imported: sources.length,
              report,
              unreachable,
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
              context.out(
                `${input}: ${result.sources.length} sources, ${result.errors.length} errors`,
              );
            for (const r of result.report) context.out(reportLine(r));
            for (const e of result.errors) context.err(`  error ${e.item}: ${e.message}`);
          }
          const counts = new Map<string, number>();
          for (const r of report) counts.set(r.tier, (counts.get(r.tier) ?? 0) + 1);
          const from = folder ? ` from ${inputs.length} files` : '';
          for (const u of unreachable)
            context.out(`  turned off, unreachable: ${u.name} (${u.key}): ${u.reason}`);
          const off =
            unreachable.length > 0
              ? `, ${unreachable.length} turned off as unreachable (import again to try again)`
              : '';
          context.out(
            `${sources.length} sources imported${from} (${[...counts].map(([t, n]) => `${t} ${n}`).join(', ')}), ${errors.length} errors${off}`,
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
      },
    );

  sources
    .command('list')
    .description('list the stored sources with their tier')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { stored, rows } = await withApp(context, async (app) => ({
        stored: await app.catalog.list(),
        rows: await app.store.sources.list(),
      }));
      // Sources an import turned off keep why (source-catalog.ts): said beside "disabled".
      const unreachable = new Map(
        rows.flatMap((row) =>
          !row.enabled && row.lastError?.startsWith('unreachable')
            ? [[row.url, row.lastError]]
            : [],
        ),
      );
      // Built-in sources (Wikisource, Project Gutenberg) carry `linhaiBuiltIn` and are marked.
      const report = stored.map((source) => ({
        ...reportEntry(source),
        builtIn: source['linhaiBuiltIn'] === true,
        enabled: source.enabled !== false,
        ...(unreachable.has(source.bookSourceUrl)
          ? { unreachable: unreachable.get(source.bookSourceUrl) }
          : {}),
      }));
      if (options.json) context.out(JSON.stringify(report));
      else if (report.length === 0) context.out('no sources yet: linhai sources import <file|url>');
      else {
        for (const r of report) {
          const off = r.unreachable ? `  (disabled: ${r.unreachable})` : '  (disabled)';
          const marks = `${r.builtIn ? '  (built in)' : ''}${r.enabled ? '' : off}`;
          context.out(`${reportLine(r)}${marks}`);
        }
      }
    });

  sources
    .command('test <name> [query]')
    .description('run search → info → TOC → first chapter for one stored source, showing each step')
    .option('--json', 'print JSON')
    .option('--deadline <ms>', 'how long the whole test may take', parsePositiveInt, 60_000)
    .action(
      async (
        name: string,
        query: string | undefined,
        options: { json?: boolean; deadline: number },
      ) => {
        const { source, run } = await withApp(context, async (app) => {
          const all = await app.catalog.list();
          const source =
            all.find((s) => s.bookSourceName === name || s.bookSourceUrl === name) ??
            all.find((s) => s.bookSourceName.includes(name));
          if (!source)
            throw new LinhaiError('not-found', `no stored source named ${name}`, {
              details: { name },
            });
          const run = await testSource(app.gateway, source.bookSourceUrl, query, {
            deadlineMs: options.deadline,
          });
          return { source, run: { ...run, key: run.query } };
        });
        const { key, steps } = run;
        const tier = classifySource(source).tier;
        if (options.json)
          context.out(
            JSON.stringify({
              source: source.bookSourceName,
              tier,
              key,
              steps,
            }),
          );
        else {
          context.out(
            `${source.bookSourceName} <${source.bookSourceUrl}>  tier ${tier}  search "${key}"`,
          );
          for (const s of steps)
            context.out(
              `  ${s.ok ? 'ok  ' : 'FAIL'} ${s.step.padEnd(8)} ${String(s.ms).padStart(6)} ms  ${s.summary}`,
            );
        }
        const failed = steps.find((s) => !s.ok);
        if (failed)
          throw new LinhaiError(
            failed.error?.code ?? 'rule-error',
            `${source.bookSourceName}: ${failed.step} failed: ${failed.summary}`,
            failed.error?.details ? { details: failed.error.details } : {},
          );
      },
    );
}
