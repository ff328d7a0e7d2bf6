import type { Command } from 'commander';
import { basename } from 'node:path';
import { importLegadoBackup } from '#library';
import type { LegadoImportItem } from '#library';
import type { CliContext } from './context.ts';
import { readInputFile } from './input-file.ts';
import { importingUserId } from './local-user.ts';
import { progressBar } from './progress.ts';
import type { Progress } from './progress.ts';
import { withApp } from './with-app.ts';

/** Below this many records the import is over before a bar would be worth drawing. */
const BAR_FROM_RECORDS = 20;

/**
 * `linhai import legado-backup FILE`: a Legado backup zip onto the command line's reader's shelf
 * (or `--user`'s). The command line works on the data folder itself, so the backup's sources and
 * replace rules are imported too, as an administrator's upload would.
 */
export function registerLegadoBackupCommand(importCommand: Command, context: CliContext): void {
  importCommand
    .command('legado-backup <file>')
    .description(
      'import a Legado backup zip: shelf, positions, groups, bookmarks, sources and replace rules (twice = once)',
    )
    .option('--user <name>', 'import for this web account instead of the command line’s reader')
    .option('--json', 'print the outcome of every record as JSON')
    .action(async (file: string, options: { user?: string; json?: boolean }) => {
      const zip = readInputFile(file);
      await withApp(context, async (app) => {
        const userId = await importingUserId(app, options.user);
        let bar: Progress | undefined;
        const report = await importLegadoBackup(app.library, {
          userId,
          zip,
          fileName: basename(file),
          ports: {
            importSources: (text) => app.catalog.import(text),
            listSources: () => app.catalog.list(),
            replaceRules: {
              list: () => app.store.replaceRules.list(),
              add: (rule) => app.store.replaceRules.add(rule),
            },
          },
          onProgress: ({ done, total, label }) => {
            if (total >= BAR_FROM_RECORDS)
              bar ??= progressBar(`Importing ${basename(file)}`, total);
            bar?.update(done, label);
          },
        });
        bar?.stop();
        if (options.json) return context.out(JSON.stringify(report));
        for (const item of report.items.filter((i) => i.status === 'skipped' || i.reason))
          context.out(line(item));
        const { imported, unchanged, skipped } = report.counts;
        const books = report.items.filter(
          (i) => i.kind === 'book' && i.status !== 'skipped',
        ).length;
        context.out(
          `${books} books on your shelf from ${basename(file)}: ${imported} records imported, ${unchanged} already here, ${skipped} skipped.`,
        );
        if (books > 0) context.out('See them: linhai shelf');
      });
    });
}

function line(item: LegadoImportItem): string {
  return `  ${item.status.padEnd(9)} ${item.kind.padEnd(12)} ${item.name}${item.reason ? `: ${item.reason}` : ''}`;
}
