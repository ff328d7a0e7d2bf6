import type { Command } from 'commander';
import { LinhaiError } from '#model';
import { addBook, bookKey, createSearchMerger, refreshToc, searchWithHealth } from '#library';
import type { BookGroup } from '#library';
import type { App } from '#app';
import type { CliContext } from './context.ts';
import { localUserId } from './local-user.ts';
import { parsePositiveInt } from './parse-options.ts';
import { withApp } from './with-app.ts';

interface AddOptions {
  pick: number;
  json?: boolean;
}

/** Searches every source and returns the ranked books (errors of single sources are not fatal). */
async function search(app: App, query: string): Promise<readonly BookGroup[]> {
  for await (const event of searchWithHealth(app.library, query)) {
    if (event.type === 'finished') return event.ranked;
  }
  return [];
}

/**
 * A book URL: the source whose site it is reads the book page; then every source is searched for
 * the same title and author so the new book starts with its whole source pool.
 */
async function groupForUrl(app: App, url: string): Promise<BookGroup> {
  const origin = new URL(url).origin;
  const sources = await app.gateway.searchableSources();
  const allSources = await app.store.sources.list({ enabledOnly: true });
  const owner = allSources.find((s) => s.url === origin || url.startsWith(s.url));
  if (!owner) {
    throw new LinhaiError(
      'not-found',
      `no enabled source reads ${origin}; import one with "linhai sources import"`,
      {
        details: { url },
      },
    );
  }
  const info = await app.gateway.bookInfo(owner.url, { bookUrl: url }, AbortSignal.timeout(30_000));
  const key = bookKey(info.name, info.author);
  const found =
    sources.length > 0 ? (await search(app, info.name)).find((g) => g.key === key) : undefined;
  if (found) return found;
  const merger = createSearchMerger({ query: info.name });
  return merger.add({ ...info, sourceKey: owner.url, sourceName: owner.name, bookUrl: url })!;
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
          ? await groupForUrl(app, query)
          : (await search(app, query))[options.pick - 1];
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
