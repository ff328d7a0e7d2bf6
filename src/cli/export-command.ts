import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LinhaiError } from '#model';
import { viewToc } from '#library';
import { buildBookFile } from '#export';
import type { CliContext } from './context.ts';
import { resolveBook } from './book-ref.ts';
import { parsePositiveInt } from './parse-options.ts';
import { progressBar } from './progress.ts';
import { withApp } from './with-app.ts';
import { exitCodes } from './exit-codes.ts';

interface ExportOptions {
  epub?: boolean;
  txt?: boolean;
  gb18030?: boolean;
  from: number;
  to?: number;
  output?: string;
}

export function registerExportCommand(program: Command, context: CliContext): void {
  program
    .command('export')
    .description(
      'write a book (or a range of chapters) as EPUB 3 or TXT, fetching chapters not yet cached',
    )
    .argument('<book>', 'book number, or words of its title')
    .option('--epub', 'EPUB 3 (the default)')
    .option('--txt', 'plain text')
    .option('--gb18030', 'TXT in GB18030 instead of UTF-8')
    .option('--from <n>', 'first chapter number', parsePositiveInt, 1)
    .option('--to <n>', 'last chapter number', parsePositiveInt)
    .option('-o, --output <path>', 'where to write (default: "<title>.epub" or ".txt" here)')
    .action(async (ref: string, options: ExportOptions) =>
      withApp(context, async (app) => {
        if (options.epub && options.txt)
          throw new LinhaiError('invalid-input', 'choose one of --epub and --txt');
        const book = await resolveBook(app, ref);
        const toc = await viewToc(app.library, book.id);
        const to = options.to ?? toc.length;
        if (options.from > to || to > toc.length) {
          throw new LinhaiError(
            'invalid-input',
            `chapters ${options.from}–${to} are not in the book (1–${toc.length})`,
          );
        }
        const range = toc.slice(options.from - 1, to);
        const format = options.txt ? 'txt' : 'epub';
        const output = resolve(
          options.output ?? `${book.title.replace(/[\\/:*?"<>|]/g, '_')}.${format}`,
        );
        const bar = progressBar(`Exporting ${book.title}`, range.length);
        const { bytes, missing } = await buildBookFile(app.library, book.id, format, {
          items: range,
          onProgress: (done) => bar.update(done, range[done - 1]?.title ?? ''),
          ...(format === 'txt' && options.gb18030 ? { charset: 'gb18030' as const } : {}),
        });
        bar.stop();
        writeFileSync(output, bytes);
        context.out(
          `Wrote ${output} (${range.length} chapters, ${(bytes.length / 1024).toFixed(0)} KiB).`,
        );
        if (missing.length > 0) {
          const chapters = missing.length === 1 ? 'chapter' : 'chapters';
          context.err(
            `${missing.length} ${chapters} could not be downloaded; the file marks each gap:`,
          );
          const number = new Map(toc.map((item, index) => [item.key, index + 1]));
          for (const m of missing) context.err(`  ${number.get(m.key)}. ${m.title}: ${m.reason}`);
          context.err(
            'Run the same export again later to fill them (downloaded chapters are kept).',
          );
          process.exitCode = exitCodes.partial;
        }
      }),
    );
}
