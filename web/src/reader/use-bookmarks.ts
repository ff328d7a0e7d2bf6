import { ref } from 'vue';
import { addBookmark, bookmarks, removeBookmark } from '../api/reading.ts';
import type { Bookmark } from '../api/types.ts';
import { t } from '../i18n/index.ts';
import type { SavedPosition } from './position.ts';

/**
 * The reader's bookmarks in the open book, kept on the server (so every device of the reader
 * lists them): listed, added at a place with an optional note, removed.
 */
export function useBookmarks(bookId: () => number) {
  const marks = ref<Bookmark[]>([]);
  const busy = ref(false);
  /** What the last action did, or why it failed (a live region). */
  const status = ref('');

  async function act(action: () => Promise<void>): Promise<void> {
    busy.value = true;
    try {
      await action();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      status.value = t('reader.bookmarks.failed', { message });
    } finally {
      busy.value = false;
    }
  }

  const load = () =>
    act(async () => {
      marks.value = await bookmarks(bookId());
    });

  const add = (place: SavedPosition, excerpt: string, note: string) =>
    act(async () => {
      const { chapterKey, anchor, offsetChars } = place;
      await addBookmark(bookId(), {
        chapterKey,
        anchor,
        offsetChars,
        excerpt,
        ...(note.trim() ? { note } : {}),
      });
      marks.value = await bookmarks(bookId());
      status.value = t('reader.bookmarks.added');
    });

  const remove = (mark: Bookmark) =>
    act(async () => {
      await removeBookmark(mark.id);
      marks.value = marks.value.filter((m) => m.id !== mark.id);
      status.value = '';
    });

  return { marks, busy, status, load, add, remove };
}
