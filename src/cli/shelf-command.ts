import type { Command } from 'commander';
import { listShelf } from '#library';
import type { CliContext } from './context.ts';
import { localUserId } from './local-user.ts';
import { withApp } from './with-app.ts';

export function registerShelfCommand(program: Command, context: CliContext): void {
  program
    .command('shelf')
    .description('your books, most recently read first, with unread chapters')
    .option('--json', 'one JSON object per book')
    .action(async (options: { json?: boolean }) =>
      withApp(context, async (app) => {
        const entries = await listShelf(app.library, await localUserId(app));
        if (options.json) {
          for (const e of entries) {
            context.out(
              JSON.stringify({
                id: e.bookId,
                title: e.title,
                author: e.author,
                chapters: e.chapterCount,
                unread: e.unreadCount,
                latestChapter: e.latestChapterTitle,
                position: e.position,
              }),
            );
          }
          return;
        }
        if (entries.length === 0)
          context.out('Your shelf is empty: add a book with "linhai add <title>".');
        for (const e of entries) {
          const unread = e.unreadCount > 0 ? `  ${e.unreadCount} unread` : '';
          context.out(
            `${String(e.bookId).padStart(4)}  ${e.title}  ${e.author}  (${e.chapterCount} chapters${unread})`,
          );
        }
      }),
    );
}
