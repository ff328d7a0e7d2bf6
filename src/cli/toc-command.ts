import type { Command } from 'commander';
import { viewToc } from '#library';
import type { CliContext } from './context.ts';
import { resolveBook } from './book-ref.ts';
import { withApp } from './with-app.ts';

export function registerTocCommand(program: Command, context: CliContext): void {
  program
    .command('toc')
    .description("a book's table of contents, merged from all its sources")
    .argument('<book>', 'book number, or words of its title')
    .option('--json', 'one JSON object per chapter')
    .action(async (ref: string, options: { json?: boolean }) =>
      withApp(context, async (app) => {
        const book = await resolveBook(app, ref);
        const toc = await viewToc(app.library, book.id);
        let volume: string | undefined;
        for (const chapter of toc) {
          if (options.json) {
            context.out(JSON.stringify({ n: chapter.ordinal + 1, ...chapter }));
            continue;
          }
          if (chapter.volumeTitle && chapter.volumeTitle !== volume) {
            volume = chapter.volumeTitle;
            context.out(`  ${volume}`);
          }
          const extra = chapter.isExtra ? '  (only one source)' : '';
          context.out(
            `${String(chapter.ordinal + 1).padStart(5)}  ${chapter.title}  [${chapter.sources}]${extra}`,
          );
        }
        if (!options.json && toc.length === 0)
          context.out(`${book.title} has no chapters yet: run "linhai update".`);
      }),
    );
}
