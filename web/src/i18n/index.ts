import { ref, watchEffect } from 'vue';
import { en } from './en.ts';
import type { MessageKey, Messages } from './en.ts';
import { zh } from './zh.ts';

export type Locale = 'zh' | 'en';
export type { MessageKey };

const dictionaries: Record<Locale, Messages> = { zh, en };
const STORAGE_KEY = 'linhai.locale';

/** The browser's preference, unless the reader chose one on this device. */
function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'zh' || saved === 'en') return saved;
  const preferred = navigator.languages?.[0] ?? navigator.language ?? 'zh';
  return preferred.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export const locale = ref<Locale>(initialLocale());

// The page's lang follows the interface, so screen readers pronounce it right.
watchEffect(() => {
  document.documentElement.lang = locale.value === 'zh' ? 'zh-Hans' : 'en';
});

export function setLocale(next: Locale): void {
  locale.value = next;
  localStorage.setItem(STORAGE_KEY, next);
}

/**
 * The message for `key` in the current language, `{name}` placeholders filled from `vars`;
 * `{n:one|other}` picks the singular when `n` is 1 (English plurals; Chinese has none).
 */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return dictionaries[locale.value][key]
    .replace(/\{(\w+):([^|}]*)\|([^}]*)\}/g, (_whole, name: string, one: string, other: string) =>
      Number(vars[name]) === 1 ? one : other,
    )
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** "3 min ago" / "3 分钟前" from a timestamp (ms). */
export function ago(at: number, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - at) / 60_000));
  if (minutes < 1) return t('time.justNow');
  if (minutes < 60) return t('time.minutes', { n: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t('time.hours', { n: hours });
  return t('time.days', { n: Math.round(hours / 24) });
}

/** A length of time, rounded to its largest unit: "25 min" / "25 分钟", "2 h", "3 d". */
export function span(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return t('time.spanMinutes', { n: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t('time.spanHours', { n: hours });
  return t('time.spanDays', { n: Math.round(hours / 24) });
}
