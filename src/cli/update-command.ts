import type { Command } from 'commander';
import { updateShelf } from '#app';
import type { CliContext } from './context.ts';
import { localUserId } from './local-user.ts';
import { progressBar } from './progress.ts';
import { withApp } from './with-app.ts';

/**
 * One chase pass over the shelf, now (updateShelf in #app, as the web's "update all"): every
 * listing of every book is checked, and the chase learns from each result.
 */
export function registerUpdateCommand(program: Command, context: CliContext): void {
  program
    .command('update')
    .description('check every book on your shelf for new chapters now, at every source')
    .option('--json', 'one JSON object per book: new chapters and failed sources')
    .action(async (options: { json?: boolean }) =>
      withApp(context, async (app) => {
        let bar: ReturnType<typeof progressBar> | undefined;
        const update = await updateShelf(app, await localUserId(app), {
          learnNow: true,
          onProgress: ({ done, total, source }) => {
            if (options.json) return;
            bar ??= progressBar('Updating', total, 1);
            bar.update(done, source);
          },
        });
        bar?.stop();
        for (const book of update.books) {
          if (options.json) {
            context.out(
              JSON.stringify({
                id: book.bookId,
                title: book.title,
                newChapters: book.newChapters,
                chapters: (await app.store.chapters.listByBook(book.bookId)).length,
                failed: book.failed,
              }),
            );
            continue;
          }
          for (const f of book.failed)
            context.err(`  ${book.title}: ${f.source}: ${f.error.message}`);
        }
        if (!options.json)
          context.out(`${update.books.length} books checked, ${update.newChapters} new chapters.`);
      }),
    );
}
