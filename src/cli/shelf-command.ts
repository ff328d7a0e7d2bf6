import type { Command } from 'commander';
import { LinhaiError } from '#model';
import { listShelf, listShelfGroups, shelfSorts } from '#library';
import type { ShelfSort } from '#library';
import type { CliContext } from './context.ts';
import { localUserId } from './local-user.ts';
import { withApp } from './with-app.ts';

export function registerShelfCommand(program: Command, context: CliContext): void {
  program
    .command('shelf')
    .description('your books, in your kept order (last read first), with unread chapters')
    .option('--json', 'one JSON object per book')
    .option('--group <name>', 'only the books in this shelf group')
    .option('--sort <order>', `${shelfSorts.join(' | ')} (updated: newest chapter found first)`)
    .action(async (options: { json?: boolean; group?: string; sort?: string }) =>
      withApp(context, async (app) => {
        const userId = await localUserId(app);
        if (options.sort !== undefined && !shelfSorts.includes(options.sort as ShelfSort)) {
          throw new LinhaiError('invalid-input', `--sort takes ${shelfSorts.join(', ')}`, {
            details: { sort: options.sort },
          });
        }
        let groupId: number | undefined;
        if (options.group !== undefined) {
          const groups = await listShelfGroups(app.library, userId);
          groupId = groups.find((g) => g.name === options.group?.trim())?.id;
          if (groupId === undefined) {
            throw new LinhaiError(
              'not-found',
              `no shelf group "${options.group}"; yours: ${groups.map((g) => g.name).join(', ') || 'none'}`,
              { details: { group: options.group } },
            );
          }
        }
        const entries = await listShelf(app.library, userId, {
          ...(options.sort === undefined ? {} : { sort: options.sort as ShelfSort }),
          ...(groupId === undefined ? {} : { groupId }),
        });
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
                groups: e.groupIds,
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
