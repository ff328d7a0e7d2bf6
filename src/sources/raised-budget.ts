/**
 * An administrator's raised politeness budget for one source (`SourceDriverOptions.raisedBudget`):
 * every request the driver makes for the source carries it in its policy, so the network layer
 * spaces them by it instead of the host defaults; robots.txt still applies there. Never read from
 * the source's own JSON: a source cannot raise its own budget.
 */
import type { Fetcher, RaisedBudget } from '#net';

export function withRaisedBudget(fetcher: Fetcher, raisedBudget: RaisedBudget): Fetcher {
  return {
    fetch: (request) =>
      fetcher.fetch(
        request.source ? { ...request, source: { ...request.source, raisedBudget } } : request,
      ),
  };
}
