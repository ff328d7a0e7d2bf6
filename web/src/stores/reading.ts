import { defineStore } from 'pinia';
import { reactive, watch } from 'vue';
import { saveAccountSettings } from '../api/shelf.ts';
import { tapLayouts } from '../reader/reader-input.ts';
import type { TapLayout } from '../reader/reader-input.ts';

export type Theme = 'light' | 'sepia' | 'dark' | 'eink';
export type Script = 'original' | 'simplified' | 'traditional' | 'taiwan' | 'hongkong';
/** How the reader moves through a chapter: scrolling (滚动) or turning whole pages (翻页). */
export type ReadingMode = 'scroll' | 'pages';

export interface ReadingPrefs {
  fontSize: number;
  lineHeight: number;
  /** The text column's widest measure, in px. */
  width: number;
  theme: Theme;
  script: Script;
  /** This device's own, like the width: an e-ink tablet turns pages, a phone may scroll. */
  mode: ReadingMode;
  /** Line height of Latin text: CJK wants more room than a Latin line (the shared lineHeight). */
  latinLineHeight: number;
  /** Space after a paragraph and between letters, in em. */
  paragraphSpacing: number;
  letterSpacing: number;
  /** Which taps turn pages (reader-input.ts). */
  tapZones: TapLayout;
  /** Auto-scroll in lines a minute; auto page-turn every (600 / this) seconds. */
  autoSpeed: number;
}

export const themes: readonly Theme[] = ['light', 'sepia', 'dark', 'eink'];
export const modes: readonly ReadingMode[] = ['scroll', 'pages'];
export const scripts: readonly Script[] = [
  'original',
  'simplified',
  'traditional',
  'taiwan',
  'hongkong',
];
export const limits = {
  fontSize: { min: 14, max: 32, step: 1 },
  lineHeight: { min: 1.4, max: 2.4, step: 0.1 },
  // The narrowest column a phone can still be given: 240 px (a 360 px screen less margins).
  width: { min: 240, max: 1000, step: 20 },
  latinLineHeight: { min: 1.2, max: 2.2, step: 0.1 },
  paragraphSpacing: { min: 0, max: 2, step: 0.1 },
  letterSpacing: { min: 0, max: 0.3, step: 0.01 },
  autoSpeed: { min: 5, max: 120, step: 5 },
} as const;

const defaults: ReadingPrefs = {
  fontSize: 19,
  lineHeight: 1.8,
  width: 720,
  theme: 'light',
  script: 'original',
  mode: 'scroll',
  latinLineHeight: 1.5,
  paragraphSpacing: 0.8,
  letterSpacing: 0,
  tapZones: 'sides',
  autoSpeed: 30,
};
const STORAGE_KEY = 'linhai.reading';
/** Set while this device has reading settings the account has not received. */
const UNSYNCED_KEY = 'linhai.reading.unsynced';

/**
 * The reader's display preferences: kept on this device at once, and on the account (PATCH
 * /api/settings: font size, line height, theme, script) so another device starts the same.
 * The text width and the reading mode are this device's own: a phone and a desktop want
 * different measures, and an e-ink reader wants pages where a phone may scroll. So are the
 * spacings, the Latin line height, the tap zones and the auto-advance speed (the server's
 * settings keep the four shared ones).
 */
export const useReading = defineStore('reading', () => {
  const prefs = reactive<ReadingPrefs>({ ...defaults, ...readLocal() });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let adopting = false;

  /**
   * Takes the account's settings (from /api/me) over this device's — unless this device has
   * changes the account has not heard of yet (made offline, or just before a reload): those win
   * and are sent now.
   */
  function adopt(settings: Record<string, unknown>): void {
    if (localStorage.getItem(UNSYNCED_KEY) === '1') {
      void save();
      return;
    }
    adopting = true;
    if (typeof settings.fontSize === 'number') prefs.fontSize = settings.fontSize;
    if (typeof settings.lineHeight === 'number') prefs.lineHeight = settings.lineHeight;
    if (themes.includes(settings.theme as Theme)) prefs.theme = settings.theme as Theme;
    if (scripts.includes(settings.script as Script)) prefs.script = settings.script as Script;
    // The watcher runs after this tick: it must still see `adopting`.
    void Promise.resolve().then(() => (adopting = false));
  }

  watch(
    prefs,
    () => {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(prefs));
      if (adopting) return;
      localStorage.setItem(UNSYNCED_KEY, '1');
      clearTimeout(timer);
      timer = setTimeout(() => void save(), 800);
    },
    { deep: true },
  );

  /**
   * Sends the shared settings now; resolves when the server has them (script changes text). A
   * failed send stays marked unsynced and goes again when the browser is back online or the app
   * starts next.
   */
  async function save(options: { keepalive?: boolean } = {}): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const { fontSize, lineHeight, theme, script } = prefs;
    const body = { fontSize, lineHeight: Math.round(lineHeight * 10) / 10, theme, script };
    try {
      await saveAccountSettings(body, options.keepalive);
      localStorage.removeItem(UNSYNCED_KEY);
    } catch {
      // Kept unsynced: see above.
    }
  }

  // Leaving or hiding the page with a change still waiting: send it now.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden' && timer !== undefined)
      void save({ keepalive: true });
  });
  window.addEventListener('online', () => {
    if (localStorage.getItem(UNSYNCED_KEY) === '1') void save();
  });

  return { prefs, adopt, save };
});

function readLocal(): Partial<ReadingPrefs> {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<ReadingPrefs>;
    // An unknown mode (a later version's) falls back to the default.
    if (saved.mode !== undefined && !modes.includes(saved.mode)) delete saved.mode;
    if (saved.tapZones !== undefined && !tapLayouts.includes(saved.tapZones)) delete saved.tapZones;
    return saved;
  } catch {
    return {};
  }
}
