/*
 * What a tap, a key or a swipe on the reading surface means, apart from the DOM so it can be
 * tested; use-reader-input.ts listens and acts.
 */

/**
 * Where taps turn pages. `sides`: left third back, right third on (the default); `forward`: every
 * tap outside the centre goes on (one-handed reading); `rows`: top third back, bottom third on.
 * The centre always shows or hides the bars.
 */
export type TapLayout = 'sides' | 'forward' | 'rows';
export const tapLayouts: readonly TapLayout[] = ['sides', 'forward', 'rows'];

export type TapAction = 'back' | 'forward' | 'menu';

/** The action of a tap at (x, y) as fractions of the surface's width and height (0…1). */
export function tapAction(layout: TapLayout, x: number, y: number): TapAction {
  const third = (v: number) => (v < 1 / 3 ? 0 : v > 2 / 3 ? 2 : 1);
  const [col, row] = [third(x), third(y)];
  switch (layout) {
    case 'sides':
      return col === 0 ? 'back' : col === 2 ? 'forward' : 'menu';
    case 'forward':
      return col === 1 && row === 1 ? 'menu' : 'forward';
    case 'rows':
      return row === 0 ? 'back' : row === 2 ? 'forward' : 'menu';
  }
}

/**
 * A quick horizontal swipe: more than 70 px sideways, less than 50 px up or down, within 700 ms.
 * Leftwards goes on (1), rightwards back (−1); anything else is no swipe.
 */
export function swipeOf(move: {
  readonly dx: number;
  readonly dy: number;
  readonly ms: number;
}): 1 | -1 | undefined {
  if (Math.abs(move.dx) > 70 && Math.abs(move.dy) < 50 && move.ms < 700)
    return move.dx < 0 ? 1 : -1;
  return undefined;
}

export type KeyAction = 'page-on' | 'page-back' | 'next-chapter' | 'previous-chapter';

/**
 * The reading keys: arrows turn pages in pages mode and chapters in scroll mode; PageDown/PageUp
 * and Space (Shift+Space back) turn a page (a screen) in both.
 */
export function keyAction(
  key: string,
  options: { readonly paged: boolean; readonly shift: boolean },
): KeyAction | undefined {
  switch (key) {
    case 'ArrowRight':
      return options.paged ? 'page-on' : 'next-chapter';
    case 'ArrowLeft':
      return options.paged ? 'page-back' : 'previous-chapter';
    case 'PageDown':
      return 'page-on';
    case 'PageUp':
      return 'page-back';
    case ' ':
      return options.shift ? 'page-back' : 'page-on';
    default:
      return undefined;
  }
}
