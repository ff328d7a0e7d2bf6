/** The error a reading use case throws for a page the cleaner judged bad (never cached). */
import { LinhaiError } from '#model';
import type { BadKind } from './judge-page.ts';

/**
 * `LinhaiError('bad-content')` for a bad verdict; `retryAfterMs` asks the caller to try the chapter
 * again later (a ban or rate limit lasts longer than a placeholder).
 */
export function badContentError(
  verdict: { readonly bad: BadKind; readonly reason: string },
  details: { readonly source?: string; readonly url?: string; readonly chapter?: string } = {},
): LinhaiError {
  const retryAfterMs =
    verdict.bad === 'ban' || verdict.bad === 'captcha'
      ? 6 * 3600_000
      : verdict.bad === 'rate-limit'
        ? 600_000
        : 1800_000;
  return new LinhaiError('bad-content', `not the chapter (${verdict.bad}): ${verdict.reason}`, {
    retryAfterMs,
    details: { ...details, kind: verdict.bad },
  });
}
