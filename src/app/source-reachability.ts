import { isLinhaiError } from '#model';
import type { ErrorCode } from '#model';
import type { Fetcher } from '#net';

/** A source whose site could not be reached when it was imported. */
export interface UnreachableSource {
  /** The source's key (`bookSourceUrl`). */
  readonly key: string;
  readonly name: string;
  readonly code: ErrorCode;
  /** Why, in a line (the network client's message). */
  readonly reason: string;
}

/**
 * Failures that say the site is not there for this instance: no connection (refused, reset, no
 * such host), the host's breaker already open (its robots.txt, say, failed so a moment ago), or an
 * address this instance may not fetch. An answer, even 404 or 500, and a slow one are not: the site
 * exists, and a search there may still work. The try is one attempt without retries: retried 500s
 * would open the breaker as refused connections do, and a 500 would pass for no connection.
 */
const unreachableCodes: ReadonlySet<ErrorCode> = new Set([
  'net-connection',
  'net-breaker-open',
  'net-refused-guard',
]);

/** How many sites are tried at once (a collection can name thousands of sources). */
const CONCURRENCY = 8;

/**
 * Tries the site of each source once: one GET of its `bookSourceUrl`'s origin through the app's
 * guarded client (robots.txt and the host's budget apply), `timeoutMs` at most. Sources on the
 * same site share the one try. Returns those whose site could not be reached; a source whose key
 * is no http(s) URL is not tried.
 */
export async function findUnreachable(
  fetcher: Fetcher,
  sources: readonly { readonly key: string; readonly name: string }[],
  options: { readonly timeoutMs: number; readonly signal?: AbortSignal },
): Promise<UnreachableSource[]> {
  const bySite = new Map<string, { key: string; name: string }[]>();
  for (const source of sources) {
    const site = siteOf(source.key);
    if (site !== undefined) bySite.set(site, [...(bySite.get(site) ?? []), source]);
  }
  const sites = [...bySite.keys()];
  const unreachable: UnreachableSource[] = [];
  const tryNext = async (): Promise<void> => {
    for (let site = sites.shift(); site !== undefined; site = sites.shift()) {
      const failure = await tryOnce(fetcher, site, options);
      if (failure === undefined) continue;
      for (const source of bySite.get(site)!) unreachable.push({ ...source, ...failure });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, sites.length) }, tryNext));
  return unreachable;
}

/** The failure that makes the site unreachable, or undefined when it answered (or may have). */
async function tryOnce(
  fetcher: Fetcher,
  site: string,
  options: { readonly timeoutMs: number; readonly signal?: AbortSignal },
): Promise<{ code: ErrorCode; reason: string } | undefined> {
  try {
    await fetcher.fetch({
      url: site,
      kind: 'probe',
      retry: false,
      timeoutMs: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return undefined;
  } catch (error) {
    if (isLinhaiError(error) && unreachableCodes.has(error.code))
      return { code: error.code, reason: error.message };
    return undefined;
  }
}

/** `https://host:port/` of an http(s) URL; Legado keys may carry a `#name` suffix or be no URL. */
function siteOf(key: string): string | undefined {
  if (!URL.canParse(key)) return undefined;
  const url = new URL(key);
  return url.protocol === 'http:' || url.protocol === 'https:' ? `${url.origin}/` : undefined;
}
