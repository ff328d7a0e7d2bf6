/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

/** The build's id (web/vite.config.ts), so each build installs its own service worker. */
declare const __LINHAI_BUILD__: string;
