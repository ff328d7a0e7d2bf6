/**
 * A driver working with a user's login sends and keeps cookies in that login's jar: its fetcher
 * and browser tier stamp every request's policy with the jar (`SourcePolicy.cookieJar`).
 */
import type { BrowserTier, Fetcher, RenderRequest, SourcePolicy } from '#net';

const stamped = (policy: SourcePolicy | undefined, cookieJar: string) =>
  policy ? { source: { ...policy, cookieJar } } : {};

export function fetcherWithJar(fetcher: Fetcher, cookieJar: string): Fetcher {
  return {
    fetch: (request) => fetcher.fetch({ ...request, ...stamped(request.source, cookieJar) }),
  };
}

export function browserWithJar(tier: BrowserTier, cookieJar: string): BrowserTier {
  const withJar = (request: RenderRequest) => ({
    ...request,
    ...stamped(request.source, cookieJar),
  });
  return {
    render: (request) => tier.render(withJar(request)),
    passChallenge: (request) => tier.passChallenge(withJar(request)),
    stats: () => tier.stats(),
    close: () => tier.close(),
  };
}
