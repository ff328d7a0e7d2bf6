import { ref } from 'vue';
import { preferSource } from '../api/books.ts';
import { chapterSources } from '../api/reading.ts';
import type { ChapterSource } from '../api/types.ts';
import { t } from '../i18n/index.ts';

/**
 * 换源 in the reader: the sources that carry the open chapter, and the two switches — read this
 * chapter from another source (or fetch it again), and make a source the book's preferred one.
 * Reading is left to the page (`readFrom`), which keeps the reader's paragraph.
 */
export function useChapterSources(
  bookId: () => number,
  readFrom: (from: { source?: number; refresh?: boolean }) => Promise<string | undefined>,
) {
  const sources = ref<ChapterSource[]>([]);
  const loading = ref(false);
  const busy = ref(false);
  /** What the last switch did, or why it failed: shown in the sheet (a live region). */
  const status = ref('');
  let chapterKey = '';

  async function load(key: string): Promise<void> {
    chapterKey = key;
    loading.value = true;
    status.value = '';
    try {
      const found = await chapterSources(bookId(), key);
      if (key === chapterKey) sources.value = found.sources;
    } catch (error) {
      status.value = t('reader.sources.failed', { message: messageOf(error) });
    } finally {
      loading.value = false;
    }
  }

  /** Reads the chapter from `source`, or fetches it again from the one that served it. */
  async function switchTo(source: ChapterSource | undefined): Promise<void> {
    const again = source === undefined;
    const from = source ?? sources.value.find((s) => s.served);
    busy.value = true;
    status.value = '';
    try {
      const served = await readFrom(
        from === undefined ? { refresh: true } : { source: from.listingId },
      );
      const name = sources.value.find((s) => s.sourceKey === served)?.sourceName ?? served ?? '';
      await load(chapterKey);
      status.value = t(again ? 'reader.sources.refetched' : 'reader.sources.switched', {
        source: name,
      });
    } catch (error) {
      status.value = t('reader.sources.failed', { message: messageOf(error) });
    } finally {
      busy.value = false;
    }
  }

  async function preferForBook(source: ChapterSource): Promise<void> {
    busy.value = true;
    try {
      await preferSource(bookId(), source.listingId);
      await load(chapterKey);
      status.value = t('reader.sources.preferredNow', { source: source.sourceName });
    } catch (error) {
      status.value = t('reader.sources.failed', { message: messageOf(error) });
    } finally {
      busy.value = false;
    }
  }

  return { sources, loading, busy, status, load, switchTo, preferForBook };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
