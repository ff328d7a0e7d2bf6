import type { Command } from 'commander';
import { Explorer, exploreSections } from '#library';
import type { ExploreCard, ExploreEntry, ExploreSection, SourceExplore } from '#library';
import { LinhaiError } from '#model';
import type { CliContext } from './context.ts';
import { parsePositiveInt } from './parse-options.ts';
import { bookJson } from './search-command.ts';
import { withApp } from './with-app.ts';

interface ExploreOptions {
  json?: boolean;
  page: number;
  section?: string;
}

/**
 * `linhai explore`: every source's lists; `explore <source>`: that source's lists;
 * `explore <source> <list>`: the list's books (`--page`); `explore --section ranking`: the
 * ranking merged across sources. The same Explorer as the server's Discover routes.
 */
export function registerExploreCommand(program: Command, context: CliContext): void {
  program
    .command('explore')
    .description("browse the sources' categories and rankings (发现) without knowing a title")
    .argument('[source]', 'source name (or a unique part of it) or URL')
    .argument('[list]', 'a category or ranking of that source (or a unique part of its name)')
    .option('--page <n>', 'page of the list', parsePositiveInt, 1)
    .option('--section <name>', `merged across sources: ${exploreSections.join(', ')}`)
    .option('--json', 'one JSON object per source, or per book')
    .action(async (source: string | undefined, list: string | undefined, options: ExploreOptions) =>
      withApp(context, async (app) => {
        const explorer = new Explorer(app.library);
        if (options.section !== undefined) {
          const section = options.section as ExploreSection;
          if (!exploreSections.includes(section))
            throw new LinhaiError(
              'invalid-input',
              `--section: one of ${exploreSections.join(', ')}`,
            );
          const merged = await explorer.section(section);
          merged.cards.forEach((card, i) => printCard(context, card, i, options.json));
          for (const f of merged.failures) context.err(`  ${f.source.name}: ${f.error.message}`);
          return;
        }
        const explored = await explorer.entries(source === undefined ? {} : { only: source });
        if (explored.length === 0) {
          throw new LinhaiError(
            'not-found',
            source === undefined
              ? 'No enabled source has explore lists: import some with "linhai sources import".'
              : `no enabled source with explore lists matches "${source}"`,
          );
        }
        if (list === undefined) {
          for (const one of explored) printSource(context, one, options.json);
          return;
        }
        const one = explored[0]!;
        if (explored.length > 1)
          throw new LinhaiError(
            'invalid-input',
            `"${source}" matches ${explored.map((e) => e.source.name).join(', ')}`,
          );
        if ('error' in one) throw new LinhaiError(one.error.code, one.error.message);
        const entry = pickEntry(one.entries, list);
        const page = await explorer.page(one.source.key, entry.url, options.page);
        page.cards.forEach((card, i) =>
          printCard(context, card, (options.page - 1) * page.cards.length + i, options.json),
        );
        if (!options.json) {
          if (page.cards.length === 0)
            context.out(`${entry.title}: no books on page ${options.page}.`);
          else if (page.next !== undefined) context.out(`  (more: --page ${page.next})`);
        }
      }),
    );
}

function printSource(context: CliContext, one: SourceExplore, json = false): void {
  if (json) {
    context.out(JSON.stringify(one));
    return;
  }
  if ('error' in one) {
    context.err(`${one.source.name}: ${one.error.message}`);
    return;
  }
  const titles = one.entries.map((e) => (e.url === '' ? `[${e.title}]` : e.title));
  context.out(`${one.source.name}: ${titles.join(' · ')}`);
}

function printCard(context: CliContext, card: ExploreCard, index: number, json = false): void {
  if (json) {
    context.out(JSON.stringify({ ...bookJson(card), bookId: card.bookId }));
    return;
  }
  const facts = [card.author, card.kind, card.latestChapter?.title].filter(Boolean).join(' · ');
  const stored = card.bookId === undefined ? '' : `  [#${card.bookId}]`;
  context.out(`${String(index + 1).padStart(3)}. ${card.title}  ${facts}${stored}`);
}

/** The entry titled `wanted`, or the one whose title contains it. */
function pickEntry(entries: readonly ExploreEntry[], wanted: string): ExploreEntry {
  const lists = entries.filter((e) => e.url !== '');
  const exact = lists.find((e) => e.title === wanted);
  if (exact) return exact;
  const near = lists.filter((e) => e.title.includes(wanted));
  if (near.length === 1) return near[0]!;
  throw new LinhaiError(
    near.length === 0 ? 'not-found' : 'invalid-input',
    `${near.length === 0 ? 'no list' : 'several lists'} "${wanted}"; the lists: ${lists.map((e) => e.title).join(', ')}`,
  );
}
