import type { Command } from 'commander';
import { LinhaiError } from '#model';
import { getPosition, normalizeTitle, readChapter, savePosition, viewToc } from '#library';
import type { TocItem } from '#library';
import type { CliContext } from './context.ts';
import { resolveBook } from './book-ref.ts';
import { localUserId } from './local-user.ts';
import { page } from './pager.ts';
import { terminalSafe } from './terminal-text.ts';
import { withApp } from './with-app.ts';

interface ReadOptions {
  json?: boolean;
  refresh?: boolean;
}

/** The chapter a user named: its number, "next", words of its title; else where they left off. */
function pickChapter(
  toc: readonly TocItem[],
  ref: string | undefined,
  currentOrdinal: number | undefined,
): TocItem {
  if (toc.length === 0)
    throw new LinhaiError('not-found', 'the book has no chapters yet: run "linhai update"');
  if (ref === undefined) return toc[currentOrdinal ?? 0] ?? toc[0]!;
  if (ref === 'next') {
    const next = toc[(currentOrdinal ?? -1) + 1];
    if (!next) throw new LinhaiError('not-found', 'you are at the last chapter');
    return next;
  }
  if (/^\d+$/.test(ref)) {
    const chapter = toc[Number(ref) - 1];
    if (!chapter)
      throw new LinhaiError(
        'invalid-input',
        `chapter ${ref} does not exist; the book has ${toc.length}`,
      );
    return chapter;
  }
  const wanted = normalizeTitle(ref);
  const found =
    toc.find((c) => normalizeTitle(c.title).includes(wanted)) ?? toc.find((c) => c.key === ref);
  if (!found) throw new LinhaiError('not-found', `no chapter matches "${ref}"`);
  return found;
}

export function registerReadCommand(program: Command, context: CliContext): void {
  program
    .command('read')
    .description('read a chapter, cleaned (in your pager on a terminal); remembers where you are')
    .argument('<book>', 'book number, or words of its title')
    .argument(
      '[chapter]',
      'chapter number, words of its title, or "next"; default: where you left off',
    )
    .option('--json', 'print {title, paragraphs, source} as JSON')
    .option('--refresh', 'fetch the chapter again even if it is cached')
    .action(async (bookRef: string, chapterRef: string | undefined, options: ReadOptions) =>
      withApp(context, async (app) => {
        const book = await resolveBook(app, bookRef);
        const userId = await localUserId(app);
        const toc = await viewToc(app.library, book.id);
        const position = await getPosition(app.library, { userId, bookId: book.id });
        const chapter = pickChapter(toc, chapterRef, position?.ordinal);
        const result = await readChapter(
          app.library,
          { bookId: book.id, chapterKey: chapter.key },
          {
            ...(options.refresh ? { refresh: true } : {}),
          },
        );
        await savePosition(
          app.library,
          { userId, bookId: book.id },
          {
            chapterKey: chapter.key,
            anchor: result.paragraphs[0]?.slice(0, 40) ?? '',
            offsetChars: 0,
          },
        );
        if (options.json) {
          context.out(
            JSON.stringify({
              book: book.title,
              n: chapter.ordinal + 1,
              title: result.chapter.title,
              paragraphs: result.paragraphs,
              source: result.sourceKey,
              fromCache: result.fromCache,
              ...(result.incomplete ? { incomplete: result.incomplete } : {}),
            }),
          );
          return;
        }
        if (result.incomplete)
          context.err(
            `note: this chapter stops short (${result.incomplete.message}); reading it again later tries the rest`,
          );
        const heading = `${book.title} · ${chapter.ordinal + 1}/${toc.length}\n${result.chapter.title}\n`;
        await page(
          terminalSafe(
            `${heading}\n${result.paragraphs.map((p) => `\u3000\u3000${p}`).join('\n\n')}\n`,
          ),
          (text) => process.stdout.write(text),
        );
      }),
    );
}
