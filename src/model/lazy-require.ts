import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package loaded the first time the returned function is called, not when the module
 * naming it is imported. Redis, BullMQ, PostgreSQL and undici cost 70–200 ms each to load; a
 * command that never uses them (`linhai shelf` on SQLite) should not pay for them just because
 * its layer's door re-exports the code that does. Synchronous, so constructors can use it.
 *
 *     import type * as Ioredis from 'ioredis';
 *     const ioredis = lazyRequire<typeof Ioredis>('ioredis');
 *     new (ioredis().Redis)(url);
 */
export function lazyRequire<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
