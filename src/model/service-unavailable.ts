import { LinhaiError } from './errors.ts';

/** Socket errors that mean the service is not there (down, restarting, unreachable). */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
/**
 * PostgreSQL SQLSTATEs of a server that is going away or not ready: class 08 (connection
 * exception), 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now).
 */
const postgresStates = /^(08\d{3}|57P0[123])$/;
/** What pg and ioredis say when their connection is gone, timed out or not writable. */
const messages =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed|max retries per request|Stream isn't writeable|Command timed out|connect ETIMEDOUT/i;

/**
 * The `unavailable` error for an error that says PostgreSQL or Redis cannot be reached (down, in a
 * restart), so callers answer "try again in a few seconds" instead of "internal error"; undefined
 * for any other error. Recognised by shape: the drivers' codes and messages.
 */
export function asServiceUnavailable(error: unknown): LinhaiError | undefined {
  // The driver's error may arrive wrapped (a job's failure, a use case's error): look at causes.
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth += 1) {
    // A LinhaiError has been classified already (a site refusing a connection is `net-…`).
    if (cause instanceof LinhaiError) return cause.code === 'unavailable' ? cause : undefined;
    const found = fromDriver(cause);
    if (found) return found;
    cause = cause.cause;
  }
  return undefined;
}

function fromDriver(error: Error): LinhaiError | undefined {
  const code = (error as { code?: unknown }).code;
  const known =
    (typeof code === 'string' && (socketCodes.has(code) || postgresStates.test(code))) ||
    messages.test(error.message);
  if (!known) return undefined;
  return new LinhaiError(
    'unavailable',
    'the database or Redis cannot be reached right now; try again in a few seconds',
    { cause: error, retryAfterMs: 5_000, details: { service: serviceOf(error) } },
  );
}

function serviceOf(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && postgresStates.test(code)) return 'postgresql';
  if (/Connection terminated|trying to connect|Client has encountered/i.test(error.message))
    return 'postgresql';
  if (
    /max retries per request|Stream isn't writeable|Command timed out|Connection is closed/i.test(
      error.message,
    )
  )
    return 'redis';
  return undefined;
}
