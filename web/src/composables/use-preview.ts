import { ref } from 'vue';
import { useRouter } from 'vue-router';
import { previewBook } from '../api/books.ts';
import type { BookGroup } from '../api/types.ts';

/**
 * Opens a search or explore result as a book page without putting it on the shelf: the server
 * stores it with its chapter list (`POST /api/books/preview`); a book the library already has
 * opens at once.
 */
export function usePreview() {
  const router = useRouter();
  const opening = ref<string>();
  const failure = ref('');

  async function preview(group: BookGroup & { bookId?: number }): Promise<void> {
    if (group.bookId !== undefined) {
      await router.push({ name: 'book', params: { id: group.bookId } });
      return;
    }
    opening.value = group.key;
    failure.value = '';
    try {
      const { book } = await previewBook(group);
      await router.push({ name: 'book', params: { id: book.id } });
    } catch (error) {
      failure.value = error instanceof Error ? error.message : String(error);
    } finally {
      opening.value = undefined;
    }
  }

  return { opening, failure, preview };
}
