export { LinhaiError, isLinhaiError, errorCodes } from './errors.ts';
export { asServiceUnavailable } from './service-unavailable.ts';
export type { ErrorCode, LinhaiErrorOptions } from './errors.ts';
export { systemClock } from './clock.ts';
export type { Clock } from './clock.ts';
export { seededRandom } from './seeded-random.ts';
export { userNameKey } from './user-name.ts';
export { lazyRequire } from './lazy-require.ts';
