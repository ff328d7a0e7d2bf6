/**
 * The real #net client for the sources tests, allowed to reach 127.0.0.1 and without the polite
 * per-host spacing (the local sites are ours), plus a recording wrapper to inspect requests.
 */
import { createHttpClient } from '#net';
import type { FetchRequest, Fetcher, HttpClient } from '#net';

export function createTestClient(): HttpClient {
  return createHttpClient({
    allowHosts: ['127.0.0.1'],
    robots: false,
    politeness: { minIntervalMs: 0, concurrency: 8 },
    retry: { retries: 0 },
  });
}

/** Delegates to `fetcher`, remembering every request. */
export function recording(fetcher: Fetcher, log: FetchRequest[]): Fetcher {
  return {
    fetch(request) {
      log.push(request);
      return fetcher.fetch(request);
    },
  };
}
