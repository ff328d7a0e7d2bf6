import type { Command } from 'commander';
import { listShelf, refreshToc } from '#library';
import type { CliContext } from './context.ts';
import { localUserId } from './local-user.ts';
import { progressBar } from './progress.ts';
import { withApp } from './with-app.ts';

/** One pass over the shelf: every book's sources are asked for new chapters now. */
export function registerUpdateCommand(program: Command, context: CliContext): void {
  program
    .command('update')
    .description('check every book on your shelf for new chapters now, at every source')
    .option('--json', 'one JSON object per book: new chapters and failed sources')
    .action(async (options: { json?: boolean }) =>
      withApp(context, async (app) => {
        const shelf = await listShelf(app.library, await localUserId(app));
        const bar = options.json ? undefined : progressBar('Updating', shelf.length, 1);
        let done = 0;
        let newChapters = 0;
        for (const entry of shelf) {
          const result = await refreshToc(app.library, entry.bookId);
          const failed = result.outcomes.filter((o) => o.status === 'failed');
          newChapters += result.added.length;
          bar?.update(++done, entry.title);
          if (options.json) {
            context.out(
              JSON.stringify({
                id: entry.bookId,
                title: entry.title,
                newChapters: result.added.length,
                chapters: result.chapters.length,
                failed: failed.map((f) => ({
                  source: f.sourceKey,
                  error: f.status === 'failed' ? f.error : undefined,
                })),
              }),
            );
          }
          for (const f of failed) {
            if (f.status === 'failed' && !options.json)
              context.err(`  ${entry.title}: ${f.sourceKey}: ${f.error.message}`);
          }
        }
        bar?.stop();
        if (!options.json)
          context.out(`${shelf.length} books checked, ${newChapters} new chapters.`);
      }),
    );
}
