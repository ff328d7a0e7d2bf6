import { createRouter, createWebHistory } from 'vue-router';
import { useAuth } from './stores/auth.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without signing in. */
    public?: boolean;
    admin?: boolean;
    /** Full screen: no app header or tab bar (the reader). */
    immersive?: boolean;
  }
}

// Every page is its own chunk, so the reader loads only what it needs.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: () => import('./pages/HomePage.vue') },
    { path: '/search', name: 'search', component: () => import('./pages/SearchPage.vue') },
    { path: '/discover', name: 'discover', component: () => import('./pages/DiscoverPage.vue') },
    { path: '/shelf', name: 'shelf', component: () => import('./pages/ShelfPage.vue') },
    { path: '/import', name: 'import', component: () => import('./pages/ImportPage.vue') },
    {
      path: '/book/:id(\\d+)',
      name: 'book',
      component: () => import('./pages/BookPage.vue'),
      props: (route) => ({ id: Number(route.params.id) }),
    },
    {
      path: '/read/:id(\\d+)/:key?',
      name: 'reader',
      component: () => import('./pages/ReaderPage.vue'),
      props: (route) => ({
        id: Number(route.params.id),
        // An absent optional parameter comes as ''.
        chapterKey:
          typeof route.params.key === 'string' && route.params.key !== ''
            ? route.params.key
            : undefined,
        // From a public page's "sign in to keep your place": the position is saved (shelved).
        keep: route.query.keep === '1',
      }),
      meta: { immersive: true },
    },
    {
      path: '/sources',
      name: 'sources',
      component: () => import('./pages/SourcesPage.vue'),
      meta: { admin: true },
    },
    { path: '/settings', name: 'settings', component: () => import('./pages/SettingsPage.vue') },
    {
      path: '/login',
      name: 'login',
      component: () => import('./pages/LoginPage.vue'),
      meta: { public: true },
    },
    {
      path: '/register',
      name: 'register',
      component: () => import('./pages/LoginPage.vue'),
      meta: { public: true },
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

router.beforeEach(async (to) => {
  const auth = useAuth();
  if (!auth.loaded) await auth.load();
  if (to.meta.public) return true;
  if (!auth.user) return { name: 'login', query: { next: to.fullPath } };
  if (to.meta.admin && !auth.isAdmin) return { name: 'home' };
  return true;
});
