/* global self */
// Placeholder: the offline service worker comes in step 4.
self.addEventListener('install', () => self.skipWaiting());
