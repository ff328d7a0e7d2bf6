import type { Command } from 'commander';
import type { ListingChaseView } from '#library';
import type { CliContext } from './context.ts';
import { withApp } from './with-app.ts';

/** `linhai chase --status`: the chase queue and, per followed book, each source's chase. */
export function registerChaseCommand(program: Command, context: CliContext): void {
  program
    .command('chase')
    .description(
      'the chase for new chapters: queue, and per book each source with lag and next check',
    )
    .option('--status', 'show the queue and every followed book (the default)')
    .option('--json', 'one JSON object: queue counts and listings')
    .action(async (options: { json?: boolean }) =>
      withApp(context, async (app) => {
        const now = app.library.clock.now();
        const counts = await app.queue.counts();
        const waiting = await app.queue.list({ state: 'waiting', type: 'chase', limit: 1000 });
        const dead = await app.queue.list({ state: 'dead', limit: 20 });
        const listings = await app.store.listings.listFollowed();
        const books = new Map<number, string>();
        for (const l of listings)
          if (!books.has(l.bookId))
            books.set(l.bookId, (await app.store.books.get(l.bookId))?.title ?? `#${l.bookId}`);
        const rows = listings.map((l) => {
          const view = l.lag as Partial<ListingChaseView> | undefined;
          return {
            bookId: l.bookId,
            book: books.get(l.bookId)!,
            listingId: l.id,
            source: l.sourceName,
            enabled: l.sourceEnabled,
            preferred: view?.preferred ?? false,
            lagMs: view?.lagMs ?? null,
            chaptersPerDay: view?.chaptersPerDay ?? null,
            lastCheckAt: l.checkedAt ?? null,
            nextCheckAt: l.nextCheckAt ?? null,
            reason: view?.reason ?? 'not chased yet',
            lastError: l.lastError ?? null,
          };
        });
        if (options.json) {
          context.out(
            JSON.stringify({ queue: counts, waitingChecks: waiting.length, listings: rows }),
          );
          return;
        }
        context.out(
          `queue: ${counts.waiting} waiting (${waiting.length} checks), ${counts.active} running, ` +
            `${counts.completed} done, ${counts.dead} failed`,
        );
        for (const job of dead.slice(0, 5))
          context.out(`  failed ${job.type} ${job.key}: ${job.lastError ?? ''}`);
        if (rows.length === 0) {
          context.out('No followed books: add one with `linhai add`.');
          return;
        }
        for (const [bookId, title] of books) {
          context.out(`\n${title}`);
          for (const row of rows.filter((r) => r.bookId === bookId)) {
            const mark = row.preferred ? '★' : ' ';
            const lag = row.lagMs === null ? 'lag ?' : `lag ${duration(row.lagMs)}`;
            const last =
              row.lastCheckAt === null ? 'never' : `${duration(now - row.lastCheckAt)} ago`;
            const next =
              row.nextCheckAt === null
                ? 'next: when the chase starts'
                : row.nextCheckAt <= now
                  ? 'next: due now'
                  : `next in ${duration(row.nextCheckAt - now)}`;
            const off = row.enabled ? '' : ' (source disabled)';
            context.out(
              ` ${mark} ${row.source}${off}: ${lag}, checked ${last}, ${next} (${row.reason})` +
                (row.lastError ? `\n     last error: ${row.lastError}` : ''),
            );
          }
        }
      }),
    );
}

/** "3 h 20 min", "45 s": durations as people read them. */
function duration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
  return `${Math.round(h / 24)} d`;
}
