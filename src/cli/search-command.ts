import type { Command } from 'commander';
import { searchWithHealth } from '#library';
import type { BookGroup } from '#library';
import type { CliContext } from './context.ts';
import { parsePositiveInt } from './parse-options.ts';
import { withApp } from './with-app.ts';

interface SearchOptions {
  json?: boolean;
  deadline: number;
}

/** One book as `--json` prints it: the book and every source that carries it. */
export function bookJson(group: BookGroup): Record<string, unknown> {
  return {
    key: group.key,
    title: group.title,
    author: group.author,
    sources: group.hits.map((hit) => ({
      source: hit.sourceName,
      sourceKey: hit.sourceKey,
      bookUrl: hit.bookUrl,
      lastChapter: hit.lastChapter,
    })),
    latestChapter: group.latestChapter?.title,
    intro: group.intro,
    kind: group.kind,
    match: group.match,
  };
}

export function registerSearchCommand(program: Command, context: CliContext): void {
  program
    .command('search')
    .description('search every enabled source at once; books appear as sources answer')
    .argument('<query>', 'title or author')
    .option('--json', 'one JSON object per book (with its sources), best first')
    .option('--deadline <ms>', 'how long one source may take', parsePositiveInt, 15_000)
    .action(async (query: string, options: SearchOptions) =>
      withApp(context, async (app) => {
        const live = !options.json;
        for await (const event of searchWithHealth(app.library, query, {
          deadlineMs: options.deadline,
        })) {
          if (event.type === 'start' && event.sources === 0) {
            context.err(
              'No searchable sources yet: import some with "linhai sources import <file|url>".',
            );
          } else if (event.type === 'book' && live && event.isNew) {
            context.out(
              `+ ${event.group.title}  ${event.group.author}  (${event.group.hits[0]?.sourceName})`,
            );
          } else if (event.type === 'source-failed') {
            context.err(`  ${event.source.name}: ${event.error.message}`);
          } else if (event.type === 'finished') {
            if (options.json) {
              for (const group of event.ranked) context.out(JSON.stringify(bookJson(group)));
            } else {
              context.out(
                `\n${event.books} books from ${event.sources - event.failed} of ${event.sources} sources in ${(event.elapsedMs / 1000).toFixed(1)} s:`,
              );
              event.ranked.forEach((group, i) => {
                const latest = group.latestChapter ? `  latest: ${group.latestChapter.title}` : '';
                context.out(
                  `${String(i + 1).padStart(3)}. ${group.title}  ${group.author}  [${group.sourceCount} source${group.sourceCount === 1 ? '' : 's'}]${latest}`,
                );
              });
            }
          }
        }
      }),
    );
}
