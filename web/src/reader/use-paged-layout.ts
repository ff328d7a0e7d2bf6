import { ref } from 'vue';
import type { Ref } from 'vue';
import {
  clampPage,
  pageCountOf,
  pageOfLeft,
  paragraphAtPage,
  snapScroll,
  turnFrom,
} from './page-maths.ts';
import type { ParagraphStart } from './page-maths.ts';

/**
 * Pages mode over the chapter's article (page-maths.ts has the arithmetic): the page shown, how
 * many there are, and the paragraph a relayout keeps. The article scrolls sideways (overflow:
 * hidden still scrolls by script and to a focused control).
 */
export function usePagedLayout(article: Ref<HTMLElement | undefined>) {
  const pageIndex = ref(0);
  const pageCount = ref(1);
  /** The paragraph a relayout (new size, new type) brings back into view. */
  let keptParagraph = 0;
  /** The page width the pages were last laid out for (0: not yet). */
  let laidOutWidth = 0;

  const pageWidth = () => article.value?.clientWidth || window.innerWidth;
  /** The left edge of page 0 in the viewport's coordinates. */
  const origin = (element: HTMLElement) =>
    element.getBoundingClientRect().left - element.scrollLeft;

  function measure(): void {
    const element = article.value;
    if (!element) return;
    laidOutWidth = pageWidth();
    pageCount.value = pageCountOf(element.scrollWidth, laidOutWidth);
  }

  function show(index: number): void {
    pageIndex.value = clampPage(index, pageCount.value);
    if (article.value) article.value.scrollLeft = pageIndex.value * pageWidth();
  }

  /** The page on which `node` (inside the article) starts. */
  function pageOfElement(node: Element | null | undefined): number {
    const element = article.value;
    const box = node?.getClientRects()[0];
    if (!element || !box) return 0;
    return pageOfLeft(box.left, origin(element), pageWidth());
  }

  function* starts(element: HTMLElement): Generator<ParagraphStart> {
    const left = origin(element);
    const width = pageWidth();
    for (const node of element.querySelectorAll<HTMLElement>('p[data-i]')) {
      const box = node.getClientRects()[0];
      if (box) yield { index: Number(node.dataset.i), page: pageOfLeft(box.left, left, width) };
    }
  }

  /** The paragraph at the top of page `index` (opening it opens this page). */
  function paragraphOn(index: number): number {
    return article.value ? paragraphAtPage(starts(article.value), index) : 0;
  }

  /** Opens the page holding paragraph `index`, and keeps that paragraph through relayouts. */
  function showParagraph(index: number): void {
    measure();
    show(pageOfElement(article.value?.querySelector(`[data-i="${index}"]`)));
    keptParagraph = index;
  }

  /** The first page, the last, or the page of a paragraph, laid out anew. */
  function open(at: 'start' | 'end' | { paragraph: number }): void {
    measure();
    if (typeof at === 'object') return showParagraph(at.paragraph);
    show(at === 'end' ? pageCount.value - 1 : 0);
    keptParagraph = paragraphOn(pageIndex.value);
  }

  /** After the page's size or the type changed: the same paragraph, on whatever page it is now. */
  const relayout = () => showParagraph(keptParagraph);

  /** One page on or back; past either end, the chapter the caller should open instead. */
  function turn(direction: 1 | -1): 'page' | 'next' | 'previous' {
    measure();
    const to = turnFrom(pageIndex.value, pageCount.value, direction);
    if (to.kind !== 'page') return to.kind;
    show(to.page);
    keptParagraph = paragraphOn(to.page);
    return 'page';
  }

  /**
   * The article scrolled sideways: by a page turn, or by the browser bringing a focused control
   * into view (Tab does not get stuck on a hidden page). Snaps to whole pages; false when the
   * scroll was no reading move (a resize).
   */
  function onScroll(): boolean {
    const element = article.value;
    if (!element) return false;
    const width = pageWidth();
    // The box changed size (a rotation, a resize) and the browser moved the scroll position: that
    // is no page turn. The resize observer lays the pages out again around the kept paragraph.
    if (width !== laidOutWidth) return false;
    const snapped = snapScroll(element.scrollLeft, width);
    let index = snapped.page;
    // Not on a page boundary: the browser brought a focused control into view, which may sit
    // anywhere on the page; its own page is the one to show.
    const focused = document.activeElement;
    if (!snapped.aligned && focused && focused !== element && element.contains(focused))
      index = pageOfElement(focused);
    if (!snapped.aligned) element.scrollLeft = index * width;
    if (index !== pageIndex.value) {
      pageIndex.value = index;
      keptParagraph = paragraphOn(index);
    }
    return true;
  }

  return {
    pageIndex,
    pageCount,
    open,
    showParagraph,
    relayout,
    turn,
    onScroll,
    /** The paragraph at the top of the page shown. */
    currentParagraph: () => paragraphOn(pageIndex.value),
  };
}
