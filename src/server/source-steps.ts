import { LinhaiError, isLinhaiError } from '#model';
import { withDeadline } from '#library';
import type { SourceBook, SourceGateway } from '#library';

export interface SourceStep {
  step: 'search' | 'info' | 'toc' | 'content';
  ok: boolean;
  ms: number;
  summary: string;
  error?: { code: string; message: string };
}

/**
 * An administrator's test of one source: search → book info → TOC → first chapter, each step
 * timed, stopping at the first that fails (as `linhai sources test` does). The whole run shares
 * one deadline; a failing source is the answer, not a failed request.
 */
export async function runSourceSteps(
  gateway: SourceGateway,
  sourceKey: string,
  query: string,
  deadlineMs: number,
): Promise<{ steps: SourceStep[]; hits: readonly SourceBook[] }> {
  const steps: SourceStep[] = [];
  const deadline = performance.now() + deadlineMs;
  async function step<T>(
    name: SourceStep['step'],
    run: (signal: AbortSignal) => Promise<T>,
    summary: (value: T) => string,
  ): Promise<T | undefined> {
    const started = performance.now();
    const budgetMs = Math.max(1, Math.round(deadline - started));
    try {
      const value = await withDeadline(run, {
        budgetMs,
        onTimeout: () =>
          new LinhaiError('deadline', `the source did not answer within ${deadlineMs} ms`, {
            details: { source: sourceKey, step: name },
          }),
      });
      steps.push({ step: name, ok: true, ms: elapsed(started), summary: summary(value) });
      return value;
    } catch (error) {
      const reason = isLinhaiError(error)
        ? { code: error.code, message: error.message }
        : { code: 'internal', message: String(error) };
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

  const found = await step(
    'search',
    (signal) => gateway.search(sourceKey, query, signal),
    (books) => `${books.length} results`,
  );
  const hits = found ?? [];
  const first = hits[0];
  if (found !== undefined && first === undefined) {
    const message = `no results for "${query}"`;
    steps[0] = { ...steps[0]!, ok: false, summary: message, error: { code: 'not-found', message } };
  }
  if (first === undefined) return { steps, hits };
  const info = await step(
    'info',
    (signal) => gateway.bookInfo(sourceKey, { bookUrl: first.bookUrl }, signal),
    (book) => `${book.name} · ${book.author}`,
  );
  if (info === undefined) return { steps, hits };
  const toc = await step(
    'toc',
    (signal) =>
      gateway.toc(
        sourceKey,
        { bookUrl: first.bookUrl, ...(info.tocUrl ? { tocUrl: info.tocUrl } : {}) },
        signal,
      ),
    (entries) => `${entries.length} chapters`,
  );
  const chapter = toc?.find((entry) => !entry.isVolume);
  if (toc === undefined) return { steps, hits };
  if (chapter === undefined) {
    const message = 'the TOC has no chapter';
    steps.push({
      step: 'content',
      ok: false,
      ms: 0,
      summary: message,
      error: { code: 'rule-error', message },
    });
    return { steps, hits };
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
    (content) => `${chapter.title}: ${content.text.length} characters`,
  );
  return { steps, hits };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
