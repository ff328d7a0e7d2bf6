/* global self, caches, fetch, URL, Response, Headers */
/*
 * Linhai's service worker: the app opens and cached chapters read without a network.
 *
 * - The app shell (index.html and every built file, listed in /precache.json by the build) is
 *   stored at install; each build registers /sw.js?build=<id>, so a new build installs anew and
 *   the old shell is dropped.
 * - Pages: network first, the stored index.html when offline (the app routes itself).
 * - Built assets: from the store first (their names carry their content hash).
 * - Chapters (/api/books/:id/chapters/:key): network first, kept in linhai-chapters-v1 (the app
 *   writes the same cache: web/src/offline/chapters.ts), served from it when offline.
 * - Book, TOC, shelf, position, lists, /api/me and /api/session: network first, the last answer when offline.
 * - Covers (/api/books/:id/cover): from the store first (a cover rarely changes; the server keeps
 *   it a day too), kept in linhai-covers-v1, so the shelf looks right offline.
 * - Other files (icon, manifest): network first, the stored copy offline.
 * - Every other API call (search, changes) goes to the network untouched.
 */
const build = new URL(self.location.href).searchParams.get('build') ?? 'dev';
const SHELL = `linhai-shell-${build}`;
const CHAPTERS = 'linhai-chapters-v1';
const API = 'linhai-api-v1';
const COVERS = 'linhai-covers-v1';

const chapterPath = /^\/api\/books\/\d+\/chapters\/[^/]+$/;
const coverPath = /^\/api\/books\/\d+\/cover$/;
const apiKept = [
  /^\/api\/me$/,
  /^\/api\/session$/,
  /^\/api\/shelf$/,
  /^\/api\/shelf\/\d+\/position$/,
  /^\/api\/books$/,
  /^\/api\/books\/\d+$/,
  /^\/api\/books\/\d+\/toc$/,
  /^\/api\/lists\/\w+$/,
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      const listed = await fetch('/precache.json', { cache: 'no-store' })
        .then((r) => (r.ok ? r.json() : []))
        .catch(() => []);
      await cache.addAll([
        '/',
        '/manifest.webmanifest',
        '/icon.svg',
        ...listed.map((f) => `/${f}`),
      ]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name.startsWith('linhai-shell-') && name !== SHELL)
          .map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The app's own pages only: the API docs, OPDS and the like are other documents.
    if (!/^\/(api|opds|kosync|health)(\/|$)/.test(url.pathname)) event.respondWith(page(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(stored(request));
  } else if (chapterPath.test(url.pathname)) {
    event.respondWith(networkFirst(request, CHAPTERS));
  } else if (coverPath.test(url.pathname)) {
    event.respondWith(cover(request));
  } else if (apiKept.some((pattern) => pattern.test(url.pathname))) {
    event.respondWith(networkFirst(request, API));
  } else if (!url.pathname.startsWith('/api/')) {
    // The icon, the manifest and the like: the stored copy when the network is gone.
    event.respondWith(
      fetch(request).catch(async () => (await caches.match(request)) ?? offlineAnswer()),
    );
  }
});

async function page(request) {
  try {
    const response = await fetch(request);
    const html = (response.headers.get('content-type') ?? '').startsWith('text/html');
    if (response.ok && html) await (await caches.open(SHELL)).put('/', response.clone());
    return response;
  } catch {
    return (await caches.match('/', { cacheName: SHELL })) ?? offlineAnswer();
  }
}

async function stored(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(SHELL)).put(request, response.clone());
  return response;
}

/**
 * A cover: the kept copy at once when there is one (refreshed behind it, so a changed cover shows
 * next time), else the server's, kept when it is an image. A missing cover (404) is not kept, so
 * one that arrives later shows once online. Offline and never kept: a 404; the app draws a cover.
 */
async function cover(request) {
  const fresh = fetch(request).then(async (response) => {
    const image = (response.headers.get('content-type') ?? '').startsWith('image/');
    if (response.ok && image) await (await caches.open(COVERS)).put(request, response.clone());
    return response;
  });
  const kept = await caches.match(request, { cacheName: COVERS });
  if (kept) {
    fresh.catch(() => undefined);
    return kept;
  }
  return fresh.catch(() => new Response('', { status: 404 }));
}

async function networkFirst(request, cacheName) {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(cacheName)).put(request, response.clone());
    return response;
  } catch {
    const kept = await caches.match(request, { cacheName });
    return kept ? markedKept(kept) : offlineAnswer();
  }
}

/** The kept copy, marked so the reader can say it shows an offline copy. */
function markedKept(response) {
  const headers = new Headers(response.headers);
  headers.set('x-linhai-offline', '1');
  return new Response(response.body, { status: response.status, headers });
}

function offlineAnswer() {
  return new Response(
    JSON.stringify({
      error: { code: 'offline', message: 'offline and not kept on this device', details: {} },
    }),
    { status: 503, headers: { 'content-type': 'application/json' } },
  );
}
