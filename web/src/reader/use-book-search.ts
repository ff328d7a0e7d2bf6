import { ref } from 'vue';
import { searchBook } from '../api/reading.ts';
import type { BookSearchResult } from '../api/types.ts';
import { t } from '../i18n/index.ts';

/** Search within the open book (the server searches its cached chapters). */
export function useBookSearch(bookId: () => number) {
  const query = ref('');
  const result = ref<BookSearchResult>();
  const busy = ref(false);
  const failure = ref('');

  async function run(): Promise<void> {
    const q = query.value.trim();
    if (!q) return;
    busy.value = true;
    failure.value = '';
    try {
      result.value = await searchBook(bookId(), q);
    } catch (error) {
      result.value = undefined;
      const message = error instanceof Error ? error.message : String(error);
      failure.value = t('reader.find.failed', { message });
    } finally {
      busy.value = false;
    }
  }

  return { query, result, busy, failure, run };
}
