import { keyAction, swipeOf, tapAction } from './reader-input.ts';
import type { KeyAction, TapLayout } from './reader-input.ts';

/** What the reading surface's input acts on. */
export interface ReaderMoves {
  readonly paged: () => boolean;
  readonly tapLayout: () => TapLayout;
  /** A page (pages mode) or a screen (scroll mode) on or back. */
  readonly page: (direction: 1 | -1) => void;
  readonly nextChapter: () => void;
  readonly previousChapter: () => void;
  readonly toggleBars: () => void;
}

/**
 * Taps over the whole reading surface (the margins too), the reading keys and horizontal swipes
 * (reader-input.ts says what each means). Controls, open dialogs and a text selection keep their
 * own input.
 */
export function useReaderInput(moves: ReaderMoves) {
  const act: Record<KeyAction, () => void> = {
    'page-on': () => moves.page(1),
    'page-back': () => moves.page(-1),
    'next-chapter': moves.nextChapter,
    'previous-chapter': moves.previousChapter,
  };

  function tap(event: MouseEvent): void {
    const target = event.target as HTMLElement;
    if (target.closest('a, button, input, select, summary, label, dialog, .bar')) return;
    if (window.getSelection()?.toString()) return;
    const action = tapAction(
      moves.tapLayout(),
      event.clientX / window.innerWidth,
      event.clientY / window.innerHeight,
    );
    if (action === 'menu') moves.toggleBars();
    else moves.page(action === 'back' ? -1 : 1);
  }

  function keydown(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    if (target.closest('input, select, textarea, dialog[open]') || event.altKey || event.ctrlKey)
      return;
    if (event.metaKey) return;
    const action = keyAction(event.key, { paged: moves.paged(), shift: event.shiftKey });
    if (!action || (event.key === ' ' && target.closest('button, a'))) return;
    event.preventDefault();
    act[action]();
  }

  let touch: { x: number; y: number; at: number } | undefined;
  function touchStart(event: TouchEvent): void {
    const point = event.changedTouches[0];
    touch = point ? { x: point.clientX, y: point.clientY, at: Date.now() } : undefined;
  }
  /** A quick horizontal swipe turns the chapter, or the page in pages mode (left: on). */
  function touchEnd(event: TouchEvent): void {
    const point = event.changedTouches[0];
    if (!touch || !point) return;
    const direction = swipeOf({
      dx: point.clientX - touch.x,
      dy: point.clientY - touch.y,
      ms: Date.now() - touch.at,
    });
    touch = undefined;
    if (direction === undefined) return;
    if (moves.paged()) moves.page(direction);
    else if (direction === 1) moves.nextChapter();
    else moves.previousChapter();
  }

  return { tap, keydown, touchStart, touchEnd };
}
