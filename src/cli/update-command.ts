import type { Command } from 'commander';
import { checkListing, listShelf, mapLimited } from '#library';
import type { ChaseCheckResult } from '#library';
import { chaseJobKey, learnWaitingResults } from '#app';
import type { ChaseResultJob } from '#app';
import type { CliContext } from './context.ts';
import { localUserId } from './local-user.ts';
import { progressBar } from './progress.ts';
import { withApp } from './with-app.ts';

/**
 * One chase pass over the shelf, now: every listing of every book is checked (TOC fetched, new
 * chapters verified), and each result is handed to the chase through the queue so it learns
 * from it, as from its own checks.
 */
export function registerUpdateCommand(program: Command, context: CliContext): void {
  program
    .command('update')
    .description('check every book on your shelf for new chapters now, at every source')
    .option('--json', 'one JSON object per book: new chapters and failed sources')
    .action(async (options: { json?: boolean }) =>
      withApp(context, async (app) => {
        const shelf = await listShelf(app.library, await localUserId(app));
        const listings = (
          await Promise.all(shelf.map((entry) => app.store.listings.listByBook(entry.bookId)))
        )
          .flat()
          .filter((l) => l.sourceEnabled);
        const bar = options.json ? undefined : progressBar('Updating', listings.length, 1);
        let done = 0;
        const results = await mapLimited(listings, 4, async (listing) => {
          const result = await checkListing(app.library, listing.id, { force: true });
          await app.queue.enqueue<ChaseResultJob>({
            type: 'chase-result',
            key: `${chaseJobKey(listing.id)}:update:${app.library.clock.now()}`,
            payload: result,
          });
          bar?.update(++done, listing.sourceName);
          return { listing, result };
        });
        bar?.stop();
        await learnWaitingResults(app);

        let newChapters = 0;
        for (const entry of shelf) {
          const mine = results.filter((r) => r.listing.bookId === entry.bookId);
          const added = new Set(mine.flatMap((r) => r.result.added));
          const failed = mine.filter((r) => !r.result.ok);
          newChapters += added.size;
          if (options.json) {
            context.out(
              JSON.stringify({
                id: entry.bookId,
                title: entry.title,
                newChapters: added.size,
                chapters: (await app.store.chapters.listByBook(entry.bookId)).length,
                failed: failed.map((f) => ({ source: f.listing.sourceUrl, error: f.result.error })),
              }),
            );
            continue;
          }
          for (const f of failed) context.err(`  ${entry.title}: ${describeFailure(f)}`);
        }
        if (!options.json)
          context.out(`${shelf.length} books checked, ${newChapters} new chapters.`);
      }),
    );
}

function describeFailure(f: { listing: { sourceUrl: string }; result: ChaseCheckResult }): string {
  return `${f.listing.sourceUrl}: ${f.result.error?.message ?? 'failed'}`;
}
