import { ref } from 'vue';
import { bookToc, viewBook } from '../api/books.ts';
import type { BookView, TocItem } from '../api/types.ts';
import { t } from '../i18n/index.ts';
import { loadChapter } from '../offline/chapters.ts';
import type { LoadedChapter } from '../offline/chapters.ts';

/**
 * The reader's material: the open chapter (from the server, else this device's copy), the book's
 * chapter list and its page (title, sources' names), and the next chapters fetched ahead.
 */
export function useChapterLoading(bookId: () => number) {
  const chapter = ref<LoadedChapter>();
  const toc = ref<TocItem[]>([]);
  const book = ref<BookView>();
  const loading = ref(false);
  const failure = ref('');

  let tocLoad: Promise<TocItem[]> | undefined;
  /** The chapter list, asked for once (again after a failure). */
  function loadToc(): Promise<TocItem[]> {
    tocLoad ??= bookToc(bookId())
      .then((items) => (toc.value = items))
      .catch(() => {
        tocLoad = undefined;
        return [];
      });
    return tocLoad;
  }

  /** The book's title and its sources' names, for the page; the text does not wait for them. */
  function loadBook(): void {
    viewBook(bookId())
      .then((view) => (book.value = view))
      .catch(() => undefined);
  }

  /** Opens chapter `key`; false (with `failure` saying why) when it could not be had. */
  async function load(key: string): Promise<boolean> {
    loading.value = true;
    failure.value = '';
    try {
      chapter.value = await loadChapter(bookId(), key);
      return true;
    } catch (error) {
      chapter.value = undefined;
      failure.value = `${t('reader.failed')} ${error instanceof Error ? error.message : ''}`;
      return false;
    } finally {
      loading.value = false;
    }
  }

  /** 换源: the open chapter read from another source, or fetched again. */
  async function reload(from: { source?: number; refresh?: boolean }): Promise<void> {
    if (chapter.value) chapter.value = await loadChapter(bookId(), chapter.value.key, from);
  }

  /** The next `count` chapters, fetched while this one is read (and kept for offline reading). */
  function prefetch(from: LoadedChapter, count: number): void {
    if (count === 0 || !from.nextKey || from.offline) return;
    const key = from.nextKey;
    setTimeout(() => {
      loadChapter(bookId(), key)
        .then((next) => prefetch(next, count - 1))
        .catch(() => undefined);
    }, 800);
  }

  return { chapter, toc, book, loading, failure, loadToc, loadBook, load, reload, prefetch };
}
