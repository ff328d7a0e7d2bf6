export { buildServer } from './app.ts';
export type { ServerOptions } from './app.ts';
export { MemoryFailureLimiter } from './rate-limiter.ts';
export type { FailureLimiter, RateLimit } from './rate-limiter.ts';
