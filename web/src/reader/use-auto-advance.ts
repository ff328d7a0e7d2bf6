import { onBeforeUnmount, ref } from 'vue';

/** What auto-advance moves: the page mode, the speed, and the moves it makes. */
export interface AutoAdvanceMoves {
  readonly paged: () => boolean;
  /** Lines a minute (scroll mode); pages mode turns a page every 600 / speed seconds. */
  readonly speed: () => number;
  /** One line's height in px, to turn lines a minute into px a second. */
  readonly lineHeightPx: () => number;
  /** A page on (pages mode). */
  readonly turnPage: () => void;
  /** Scroll mode reached the chapter's end: the next chapter. */
  readonly atEnd: () => void;
}

/** Seconds between page turns at `speed`: 30 → 20 s, 120 → 5 s. */
export const pageTurnSeconds = (speed: number) => 600 / Math.max(1, speed);

/**
 * Auto-scroll (scroll mode: the text moves up at a steady speed, on into the next chapter) and
 * auto page-turn (pages mode: a page every few seconds). Stops on request or when the page goes.
 */
export function useAutoAdvance(moves: AutoAdvanceMoves) {
  const running = ref(false);
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = 0;
  /** Sub-pixel steps add up here: browsers round scrollBy to whole pixels. */
  let carried = 0;

  function step(at: number): void {
    if (!running.value) return;
    const seconds = last === 0 ? 0 : (at - last) / 1000;
    last = at;
    carried += (moves.speed() / 60) * moves.lineHeightPx() * Math.min(seconds, 0.5);
    const whole = Math.floor(carried);
    if (whole >= 1) {
      carried -= whole;
      const root = document.documentElement;
      if (window.scrollY + window.innerHeight >= root.scrollHeight - 2) {
        moves.atEnd();
        last = 0;
      } else window.scrollBy(0, whole);
    }
    frame = requestAnimationFrame(step);
  }

  function turnLater(): void {
    timer = setTimeout(
      () => {
        if (!running.value) return;
        moves.turnPage();
        turnLater();
      },
      pageTurnSeconds(moves.speed()) * 1000,
    );
  }

  function start(): void {
    stop();
    running.value = true;
    if (moves.paged()) turnLater();
    else {
      last = 0;
      carried = 0;
      frame = requestAnimationFrame(step);
    }
  }

  function stop(): void {
    running.value = false;
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(timer);
    frame = undefined;
  }

  onBeforeUnmount(stop);
  return { running, start, stop, toggle: () => (running.value ? stop() : start()) };
}
