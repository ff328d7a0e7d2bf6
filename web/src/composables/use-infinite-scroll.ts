import { onBeforeUnmount, watch } from 'vue';
import type { Ref } from 'vue';

/**
 * Calls `more` whenever `sentinel` (an element after the last item) comes within half a screen of
 * the viewport: infinite scrolling on a phone (a button beside it serves keyboards). `grown` is
 * watched: when the list grows and the sentinel is still in view, it asks for more again.
 */
export function useInfiniteScroll(
  sentinel: Ref<HTMLElement | undefined>,
  more: () => void,
  grown: () => unknown,
): void {
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) more();
    },
    { rootMargin: '0px 0px 50% 0px' },
  );
  // Observing anew reports the current state, so a short list keeps filling the screen.
  const observe = (element: HTMLElement | undefined, previous?: HTMLElement) => {
    if (previous) observer.unobserve(previous);
    if (element) {
      observer.unobserve(element);
      observer.observe(element);
    }
  };
  watch(sentinel, (element, previous) => observe(element, previous), { immediate: true });
  watch(grown, () => observe(sentinel.value), { flush: 'post' });
  onBeforeUnmount(() => observer.disconnect());
}
