import { isLinhaiError } from '#model';
import type { ErrorCode } from '#model';

/**
 * The one place where errors become exit codes (sysexits-style, so scripts can tell them apart).
 * 0 ok · 1 failure · 2 bad usage · 65 bad input data · 69 a site or service unavailable ·
 * 70 internal error · 75 temporary failure, try again later · 77 permission denied ·
 * 3 done with gaps: the file was written, some chapters missing (run the command again to fill them).
 */
export const exitCodes = {
  ok: 0,
  failure: 1,
  usage: 2,
  partial: 3,
  dataError: 65,
  unavailable: 69,
  software: 70,
  tempFail: 75,
  noPermission: 77,
} as const;

const byCode: Record<ErrorCode, number> = {
  'invalid-input': exitCodes.usage,
  'not-found': exitCodes.failure,
  conflict: exitCodes.failure,
  unauthorized: exitCodes.noPermission,
  forbidden: exitCodes.noPermission,
  'too-many-requests': exitCodes.tempFail,
  internal: exitCodes.software,
  'import-parse': exitCodes.dataError,
  'rule-error': exitCodes.dataError,
  'capability-missing': exitCodes.unavailable,
  'js-timeout': exitCodes.dataError,
  'js-memory': exitCodes.dataError,
  'js-error': exitCodes.dataError,
  'net-timeout': exitCodes.tempFail,
  'net-connection': exitCodes.tempFail,
  'net-http-status': exitCodes.unavailable,
  'net-rate-limited': exitCodes.tempFail,
  'net-refused-robots': exitCodes.noPermission,
  'net-refused-guard': exitCodes.noPermission,
  'net-breaker-open': exitCodes.tempFail,
  'net-too-large': exitCodes.dataError,
  'net-too-many-redirects': exitCodes.unavailable,
  'net-charset': exitCodes.dataError,
  'bad-content': exitCodes.tempFail,
  deadline: exitCodes.tempFail,
  'job-failed': exitCodes.failure,
  unavailable: exitCodes.tempFail,
  'local-file-unsupported': exitCodes.dataError,
  'local-file-undecodable': exitCodes.dataError,
  'local-file-malformed': exitCodes.dataError,
};

export function exitCodeFor(error: unknown): number {
  return isLinhaiError(error) ? byCode[error.code] : exitCodes.software;
}
