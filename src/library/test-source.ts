import { LinhaiError, isLinhaiError } from '#model';
import type { ErrorCode } from '#model';
import type { SourceBook, SourceGateway } from './ports.ts';
import { withDeadline } from './with-deadline.ts';

export interface SourceTestStep {
  readonly step: 'search' | 'info' | 'toc' | 'content';
  readonly ok: boolean;
  readonly ms: number;
  /** What the step found, or why it failed, in a line. */
  readonly summary: string;
  /** How many it found: search results, TOC entries, the chapter's characters (for the UI). */
  readonly count?: number;
  readonly error?: {
    readonly code: ErrorCode;
    readonly message: string;
    details?: LinhaiError['details'];
  };
}

export interface SourceTestRun {
  readonly ok: boolean;
  /** What was searched for: the query given, else the source's own test word, else 我的. */
  readonly query: string;
  readonly steps: readonly SourceTestStep[];
  /** The search's results (empty when the search failed). */
  readonly hits: readonly SourceBook[];
}

/**
 * Legado's test word for a source that names none: most sites have a title with 我的 in it.
 * A source's own `checkKeyWord` comes first — a healthy source need not have such a title.
 */
const FALLBACK_TEST_QUERY = '我的';

/**
 * An administrator's test of one source, as reading would use it (through the gateway):
 * search → book info → TOC → first chapter, each step timed, stopping at the first that fails.
 * The whole run shares one deadline; a failing source is the answer, not a thrown error.
 * `linhai sources test` and `POST /api/sources/:id/test` both run this.
 */
export async function testSource(
  gateway: SourceGateway,
  sourceKey: string,
  /** What to search for; undefined: the source's `checkKeyWord`, else 我的. */
  given: string | undefined,
  options: { deadlineMs: number },
): Promise<SourceTestRun> {
  const query =
    given ??
    (await gateway.checkKeyword?.(sourceKey).catch(() => undefined)) ??
    FALLBACK_TEST_QUERY;
  const steps: SourceTestStep[] = [];
  const deadline = performance.now() + options.deadlineMs;
  const done = (hits: readonly SourceBook[]): SourceTestRun => ({
    ok: steps.every((s) => s.ok),
    query,
    steps,
    hits,
  });
  async function step<T>(
    name: SourceTestStep['step'],
    run: (signal: AbortSignal) => Promise<T>,
    summary: (value: T) => string,
    count?: (value: T) => number,
  ): Promise<T | undefined> {
    const started = performance.now();
    const budgetMs = Math.max(1, Math.round(deadline - started));
    try {
      const value = await withDeadline(run, {
        budgetMs,
        onTimeout: () =>
          new LinhaiError('deadline', `the source did not answer within ${options.deadlineMs} ms`, {
            details: { source: sourceKey, step: name },
          }),
      });
      steps.push({
        step: name,
        ok: true,
        ms: elapsed(started),
        summary: summary(value),
        ...(count ? { count: count(value) } : {}),
      });
      return value;
    } catch (error) {
      const reason = isLinhaiError(error)
        ? { code: error.code, message: error.message, details: error.details }
        : { code: 'internal' as const, message: String(error) };
      steps.push({
        step: name,
        ok: false,
        ms: elapsed(started),
        summary: reason.message,
        error: reason,
      });
      return undefined;
    }
  }
  const failAt = (name: SourceTestStep['step'], code: ErrorCode, message: string) =>
    steps.push({ step: name, ok: false, ms: 0, summary: message, error: { code, message } });

  const found = await step(
    'search',
    (signal) => gateway.search(sourceKey, query, signal),
    (books) =>
      `${books.length} results; first: ${books[0] ? `${books[0].name} / ${books[0].author} <${books[0].bookUrl}>` : '—'}`,
    (books) => books.length,
  );
  const hits = found ?? [];
  const first = hits[0];
  if (found !== undefined && first === undefined) {
    // No result is a failed search: there is nothing to open.
    const message = `no results for "${query}"`;
    steps[0] = { ...steps[0]!, ok: false, summary: message, error: { code: 'not-found', message } };
  }
  if (first === undefined) return done(hits);
  const info = await step(
    'info',
    (signal) => gateway.bookInfo(sourceKey, { bookUrl: first.bookUrl }, signal),
    (book) => `${book.name} / ${book.author}; toc <${book.tocUrl || first.bookUrl}>`,
  );
  if (info === undefined) return done(hits);
  const toc = await step(
    'toc',
    (signal) =>
      gateway.toc(
        sourceKey,
        { bookUrl: first.bookUrl, ...(info.tocUrl ? { tocUrl: info.tocUrl } : {}) },
        signal,
      ),
    (entries) =>
      `${entries.length} chapters; first: ${entries[0]?.title ?? '—'}; last: ${entries.at(-1)?.title ?? '—'}`,
    (entries) => entries.length,
  );
  if (toc === undefined) return done(hits);
  const chapter = toc.find((entry) => !entry.isVolume);
  if (chapter === undefined) {
    failAt('content', 'rule-error', 'the TOC has no chapter');
    return done(hits);
  }
  const next = toc[toc.indexOf(chapter) + 1];
  await step(
    'content',
    (signal) =>
      gateway.content(
        sourceKey,
        {
          url: chapter.url,
          title: chapter.title,
          bookUrl: first.bookUrl,
          ...(next ? { nextUrl: next.url } : {}),
        },
        signal,
      ),
    (content) =>
      `${chapter.title}: ${content.text.length} characters: ${content.text.slice(0, 40).replace(/\s+/g, ' ')}…`,
    (content) => content.text.length,
  );
  return done(hits);
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
