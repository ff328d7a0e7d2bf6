/**
 * A SourceGateway over plain data, for the library's unit tests and the search benchmark: each
 * source answers after its latency, or fails, or hangs (ignoring the abort signal, as a broken
 * driver might). The end-to-end tests use the real driver over the demo sites instead.
 */
import { LinhaiError } from '#model';
import { normalizeAuthor, normalizeTitle } from '../normalize/index.ts';
import type { SourceBook, SourceGateway, SourceRef, SourceTocEntry } from '../ports.ts';

interface FakeBook extends SourceBook {
  readonly toc?: readonly SourceTocEntry[];
}

export interface FakeSource {
  readonly key: string;
  readonly name: string;
  readonly latencyMs?: number;
  /** Never answer, and ignore the abort signal. */
  readonly hang?: boolean;
  /** Fail every request with this error. */
  readonly fail?: LinhaiError;
  readonly books?: readonly FakeBook[];
  /** Chapter URL → text, or an error to throw for it. */
  readonly contents?: Readonly<Record<string, string | LinhaiError>>;
}

export interface MemoryGateway extends SourceGateway {
  /** Calls made, in order: `kind sourceKey arg`. */
  readonly calls: string[];
  /** Most search calls in flight at once. */
  readonly maxInFlight: () => number;
  /** Searches whose signal was aborted before they answered. */
  readonly aborted: () => string[];
  setSource(source: FakeSource): void;
}

export function memoryGateway(sources: readonly FakeSource[]): MemoryGateway {
  const byKey = new Map(sources.map((s) => [s.key, s]));
  const calls: string[] = [];
  const aborted: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const answer = async <T>(
    key: string,
    signal: AbortSignal,
    make: (source: FakeSource) => T,
  ): Promise<T> => {
    const source = byKey.get(key);
    if (source === undefined) throw new LinhaiError('not-found', `no source ${key}`);
    if (source.hang) {
      signal.addEventListener('abort', () => aborted.push(key), { once: true });
      return new Promise<T>(() => undefined);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, source.latencyMs ?? 0);
      signal.addEventListener(
        'abort',
        () => {
          aborted.push(key);
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
    if (signal.aborted) throw signal.reason;
    if (source.fail) throw source.fail;
    return make(source);
  };

  const book = (source: FakeSource, bookUrl: string): FakeBook => {
    const found = source.books?.find((b) => b.bookUrl === bookUrl);
    if (found === undefined)
      throw new LinhaiError('not-found', `${source.name} has no book at ${bookUrl}`);
    return found;
  };

  return {
    calls,
    maxInFlight: () => maxInFlight,
    aborted: () => [...aborted],
    setSource(source) {
      byKey.set(source.key, source);
    },
    async searchableSources(): Promise<SourceRef[]> {
      return [...byKey.values()].map((s) => ({ key: s.key, name: s.name }));
    },
    async search(key, query, signal) {
      calls.push(`search ${key} ${query}`);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await answer(key, signal, (s) =>
          (s.books ?? []).filter((b) => matches(b, query)).map(withoutToc),
        );
      } finally {
        inFlight -= 1;
      }
    },
    async bookInfo(key, ref, signal) {
      calls.push(`info ${key} ${ref.bookUrl}`);
      return answer(key, signal, (s) => withoutToc(book(s, ref.bookUrl)));
    },
    async toc(key, listing, signal) {
      calls.push(`toc ${key} ${listing.bookUrl}`);
      return answer(key, signal, (s) => book(s, listing.bookUrl).toc ?? []);
    },
    async content(key, chapter, signal) {
      calls.push(`content ${key} ${chapter.url}`);
      return answer(key, signal, (s) => {
        const text = s.contents?.[chapter.url];
        if (text === undefined) throw new LinhaiError('net-http-status', `404 for ${chapter.url}`);
        if (text instanceof LinhaiError) throw text;
        return { text };
      });
    },
  };
}

/** Title or author contains the query, after folding script and decorations (as sites do, roughly). */
function matches(book: FakeBook, query: string): boolean {
  const q = normalizeTitle(query);
  return normalizeTitle(book.name).includes(q) || normalizeAuthor(book.author).includes(q);
}

function withoutToc(book: FakeBook): SourceBook {
  return {
    name: book.name,
    author: book.author,
    bookUrl: book.bookUrl,
    ...(book.lastChapter === undefined ? {} : { lastChapter: book.lastChapter }),
  };
}
