import type { Command } from 'commander';
import { basename } from 'node:path';
import { importLocalBook, txtTocRules } from '#library';
import { LinhaiError } from '#model';
import type { CliContext } from './context.ts';
import { readInputFile } from './input-file.ts';
import { importingUserId } from './local-user.ts';
import { progressBar } from './progress.ts';
import type { Progress } from './progress.ts';
import { withApp } from './with-app.ts';
import { registerLegadoBackupCommand } from './legado-backup-command.ts';

interface ImportOptions {
  rule?: string;
  listRules?: boolean;
  user?: string;
}

/** Below this many chapters the import is over before a bar would be worth drawing. */
const BAR_FROM_CHAPTERS = 200;

/**
 * `linhai import FILE`: a TXT or an EPUB becomes a local book on the reader's shelf (the CLI's
 * "local" reader, or `--user`). Other engineers' import kinds are subcommands of this one
 * (`linhai import legado-backup FILE`).
 */
export function registerImportCommand(program: Command, context: CliContext): Command {
  const command = program.command('import');
  registerLegadoBackupCommand(command, context);
  return command
    .description(
      'import a TXT or EPUB file as your own book (TXT: split into chapters by Legado’s rules)',
    )
    .argument('[file]', 'the .txt or .epub file')
    .option(
      '--rule <n>',
      'TXT: split by this table-of-contents rule (see --list-rules), not the best fit',
    )
    .option('--list-rules', 'list the TXT table-of-contents rules and their numbers')
    .option('--user <name>', 'import for this web account instead of the command line’s reader')
    .action(async (file: string | undefined, options: ImportOptions) => {
      if (options.listRules) {
        for (const rule of txtTocRules) {
          context.out(
            `${String(rule.id).padStart(2)}  ${rule.enabled ? 'tried' : '     '}  ${rule.name}`,
          );
        }
        return;
      }
      if (file === undefined) {
        throw new LinhaiError('invalid-input', 'name the file to import: linhai import FILE.txt', {
          details: { field: 'file' },
        });
      }
      const ruleId = options.rule === undefined ? undefined : Number(options.rule);
      if (ruleId !== undefined && !Number.isInteger(ruleId)) {
        throw new LinhaiError(
          'invalid-input',
          `--rule takes a rule number (linhai import --list-rules)`,
          {
            details: { field: 'rule' },
          },
        );
      }
      const bytes = readInputFile(file);
      await withApp(context, async (app) => {
        const userId = await importingUserId(app, options.user);
        let bar: Progress | undefined;
        const result = await importLocalBook(app.library, {
          userId,
          fileName: basename(file),
          bytes,
          ruleId,
          onProgress: (done, total) => {
            if (total >= BAR_FROM_CHAPTERS) bar ??= progressBar(`Storing ${basename(file)}`, total);
            bar?.update(done);
          },
        });
        bar?.stop();
        const by = result.author ? ` by ${result.author}` : '';
        context.out(
          `Imported ${result.title}${by} as book ${result.bookId}: ${result.chapters.length} chapter${result.chapters.length === 1 ? '' : 's'}.`,
        );
        if (result.format === 'txt') {
          context.out(
            result.rule
              ? `Split by rule ${result.rule.id} ${result.rule.name}; read as ${result.encoding}.`
              : `No heading rule fit: cut into parts of about 10 000 characters; read as ${result.encoding}.`,
          );
        }
        for (const [i, title] of result.chapters.slice(0, 5).entries())
          context.out(`  ${i + 1}. ${title}`);
        if (result.chapters.length > 5) context.out(`  … ${result.chapters.at(-1)}`);
        if (result.format === 'txt') {
          context.out(
            `Wrong chapters? Import it again with another rule: linhai import ${JSON.stringify(file)} --rule N (linhai import --list-rules).`,
          );
        }
        context.out(`Read it: linhai read ${result.bookId}`);
      });
    });
}
