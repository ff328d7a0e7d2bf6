import { onBeforeUnmount, onMounted, ref } from 'vue';

/** The part of the Battery Status API the status line reads (Chromium has it; others do not). */
interface BatteryLike extends EventTarget {
  readonly level: number;
  readonly charging: boolean;
}

/**
 * What the reader's status line shows besides the place: the time (to the minute) and, where the
 * browser tells it, the battery's charge.
 */
export function useStatusLine() {
  const now = ref(Date.now());
  /** Whole percent; undefined where there is no Battery API. */
  const battery = ref<number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let source: BatteryLike | undefined;
  const readBattery = () => {
    if (source) battery.value = Math.round(source.level * 100);
  };

  // Ticks on the minute, so the clock never shows a minute late.
  function tick(): void {
    now.value = Date.now();
    timer = setTimeout(tick, 60_000 - (now.value % 60_000) + 50);
  }

  onMounted(() => {
    tick();
    const nav = navigator as Navigator & { getBattery?: () => Promise<BatteryLike> };
    nav
      .getBattery?.()
      .then((found) => {
        source = found;
        readBattery();
        found.addEventListener('levelchange', readBattery);
      })
      .catch(() => undefined);
  });
  onBeforeUnmount(() => {
    clearTimeout(timer);
    source?.removeEventListener('levelchange', readBattery);
  });

  return { now, battery };
}
