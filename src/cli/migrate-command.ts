import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { LinhaiError } from '#model';
import { copyStore } from '#store';
import type { CliContext } from './context.ts';
import { parsePositiveInt } from './parse-options.ts';
import { progressBar } from './progress.ts';
import type { Progress } from './progress.ts';

interface MigrateOptions {
  from?: string;
  to: string;
  schema?: string;
  force?: boolean;
  batchSize: number;
}

/** `--from`: a data folder (its linhai.db) or the SQLite file itself. */
function sqliteOf(path: string): { dataDir: string } | { url: string } {
  const full = resolve(path);
  const stat = statSync(full, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return { dataDir: full };
  if (stat?.isFile() && full.endsWith('.db')) return { url: full };
  throw new LinhaiError('invalid-input', `${path} is neither a data folder nor an SQLite .db file`);
}

export function registerMigrateCommand(program: Command, context: CliContext): void {
  program
    .command('migrate')
    .description(
      'copy an embedded (SQLite) instance into PostgreSQL: every table, same ids, counts checked',
    )
    .option('--from <path>', 'data folder or SQLite file to copy (default: the data folder)')
    .requiredOption('--to <url>', 'the PostgreSQL database, postgres://user@host:5432/db')
    .option('--schema <name>', 'PostgreSQL schema to copy into (default: the search path)')
    .option('--force', 'replace what the target already holds')
    .option('--batch-size <n>', 'rows per batch', parsePositiveInt, 500)
    .action(async (options: MigrateOptions) => {
      if (!/^postgres(ql)?:\/\//.test(options.to))
        throw new LinhaiError('invalid-input', `--to must be a postgres:// URL, not ${options.to}`);
      const from = sqliteOf(options.from ?? context.dataDir());
      let bar: Progress | undefined;
      let table = '';
      const report = await copyStore(
        from,
        { url: options.to, ...(options.schema ? { schema: options.schema } : {}) },
        {
          batchSize: options.batchSize,
          ...(options.force ? { force: true } : {}),
          onProgress: (p) => {
            if (p.table !== table) {
              bar?.stop();
              table = p.table;
              bar = progressBar(p.table.padEnd(12), p.total, 1_000);
            }
            bar?.update(p.copied);
          },
        },
      );
      bar?.stop();
      const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
      context.out(
        `Copied ${rows} rows in ${report.tables.length} tables; the counts match:\n` +
          report.tables.map((t) => `  ${t.name.padEnd(14)} ${t.rows}`).join('\n'),
      );
    });
}
