import { ref } from 'vue';

/** Whether the browser says it is online; the app shows a banner when not. */
export const online = ref(navigator.onLine);
window.addEventListener('online', () => (online.value = true));
window.addEventListener('offline', () => (online.value = false));

/** Registers /sw.js (web/public/sw.js): the app shell and read chapters, for offline reading. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register(`/sw.js?build=${__LINHAI_BUILD__}`, { scope: '/' })
      .catch(() => undefined);
  });
}
