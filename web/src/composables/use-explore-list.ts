import { ref } from 'vue';
import { exploreList } from '../api/explore.ts';
import type { ExploreCard } from '../api/types.ts';

/**
 * One source's explore list, page after page: `more()` fetches the next page (one at a time),
 * cards already shown are not repeated, and the list ends when the source has no next page or a
 * page brings nothing new.
 */
export function useExploreList() {
  const cards = ref<ExploreCard[]>([]);
  const loading = ref(false);
  const error = ref<unknown>();
  const done = ref(false);
  /** Pages fetched so far. */
  const pages = ref(0);
  let target: { source: string; url: string } | undefined;
  let next: number | undefined;
  let generation = 0;

  function open(source: string, url: string): Promise<void> {
    target = { source, url };
    generation += 1;
    cards.value = [];
    pages.value = 0;
    next = 1;
    done.value = false;
    error.value = undefined;
    loading.value = false;
    return more();
  }

  async function more(): Promise<void> {
    if (!target || loading.value || next === undefined) return;
    const mine = generation;
    loading.value = true;
    error.value = undefined;
    try {
      const page = await exploreList(target, next);
      if (mine !== generation) return;
      const seen = new Set(cards.value.map((c) => c.key));
      const fresh = page.cards.filter((c) => !seen.has(c.key));
      cards.value = [...cards.value, ...fresh];
      pages.value += 1;
      next = fresh.length > 0 ? page.next : undefined;
      done.value = next === undefined;
    } catch (failure) {
      if (mine === generation) error.value = failure;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  return { cards, loading, error, done, pages, open, more };
}
