/**
 * Every error Linhai raises is a `LinhaiError` with a typed `code`. The code tells the caller what
 * to do: retry later, give up, fix the source's rules, fix the input. `docs/errors.md` lists every
 * code; a test keeps the two in step.
 */
export const errorCodes = [
  'invalid-input',
  'not-found',
  'conflict',
  'unauthorized',
  'forbidden',
  'too-many-requests',
  'internal',
  'import-parse',
  'rule-error',
  'capability-missing',
  'js-timeout',
  'js-memory',
  'js-error',
  'net-timeout',
  'net-connection',
  'net-http-status',
  'net-rate-limited',
  'net-refused-robots',
  'net-refused-guard',
  'net-breaker-open',
  'net-too-large',
  'net-too-many-redirects',
  'net-charset',
  'bad-content',
  'deadline',
  'job-failed',
  'unavailable',
  'local-file-unsupported',
  'local-file-undecodable',
  'local-file-malformed',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface LinhaiErrorOptions {
  readonly cause?: unknown;
  /** When the same call may succeed again: wait at least this long. */
  readonly retryAfterMs?: number;
  /** Facts a user can act on: source, url, rule, host, phase… Plain JSON values only. */
  readonly details?: Readonly<Record<string, string | number | boolean | undefined>>;
}

export class LinhaiError extends Error {
  readonly code: ErrorCode;
  readonly retryAfterMs: number | undefined;
  readonly details: Readonly<Record<string, string | number | boolean | undefined>>;

  constructor(code: ErrorCode, message: string, options: LinhaiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LinhaiError';
    this.code = code;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details ?? {};
  }

  /** A plain object for JSON output (CLI `--json`, API error bodies). */
  toJSON(): { code: ErrorCode; message: string; details: LinhaiError['details'] } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isLinhaiError(value: unknown, code?: ErrorCode): value is LinhaiError {
  return value instanceof LinhaiError && (code === undefined || value.code === code);
}
