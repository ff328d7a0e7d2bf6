import type { Command } from 'commander';
import { LinhaiError } from '#model';
import { addBook, bookAtUrl, refreshToc, searchRanked } from '#library';
import type { CliContext } from './context.ts';
import { localUserId } from './local-user.ts';
import { parsePositiveInt } from './parse-options.ts';
import { withApp } from './with-app.ts';

interface AddOptions {
  pick: number;
  json?: boolean;
}

export function registerAddCommand(program: Command, context: CliContext): void {
  program
    .command('add')
    .description(
      'add a book to your shelf with every source that has it, and fetch its chapter list',
    )
    .argument('<query-or-url>', 'a title to search for, or the URL of the book on a source site')
    .option('--pick <n>', 'take the n-th search result instead of the best', parsePositiveInt, 1)
    .option('--json', 'print the added book as JSON')
    .action(async (query: string, options: AddOptions) =>
      withApp(context, async (app) => {
        const group = /^https?:\/\//i.test(query)
          ? await bookAtUrl(app.library, query)
          : (await searchRanked(app.library, query))[options.pick - 1];
        if (!group) {
          throw new LinhaiError(
            'not-found',
            `no source found "${query}"${options.pick > 1 ? ` at position ${options.pick}` : ''}`,
            {
              details: { query },
            },
          );
        }
        const userId = await localUserId(app);
        const added = await addBook(app.library, group, { userId });
        const toc = await refreshToc(app.library, added.book.id);
        const failed = toc.outcomes.filter((o) => o.status !== 'ok');
        if (options.json) {
          context.out(
            JSON.stringify({
              id: added.book.id,
              key: added.book.key,
              title: added.book.title,
              author: added.book.author,
              chapters: toc.chapters.length,
              sources: added.listings.filter((l) => l.status === 'linked').map((l) => l.sourceKey),
              failures: failed,
            }),
          );
          return;
        }
        const linked = added.listings.filter((l) => l.status === 'linked').length;
        context.out(
          `Added #${added.book.id} ${added.book.title} (${added.book.author}): ${toc.chapters.length} chapters from ${linked} source${linked === 1 ? '' : 's'}.`,
        );
        for (const f of failed) {
          if (f.status === 'failed')
            context.err(`  ${f.sourceKey}: table of contents failed: ${f.error.message}`);
        }
      }),
    );
}
