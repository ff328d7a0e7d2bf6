/**
 * Which proxy a request goes through: the source's own (`SourcePolicy.proxy`) first, then the
 * environment (`HTTPS_PROXY`/`HTTP_PROXY`, lower case too, minus `NO_PROXY`), else none.
 */

export interface ProxyEnvironment {
  readonly httpProxy?: string | undefined;
  readonly httpsProxy?: string | undefined;
  /** Host names or suffixes (".example.com", "example.com"), "*" for all; ports are ignored. */
  readonly noProxy: readonly string[];
}

export function proxyEnvironment(env: NodeJS.ProcessEnv = process.env): ProxyEnvironment {
  const pick = (name: string) => env[name] || env[name.toLowerCase()] || undefined;
  return {
    httpProxy: pick('HTTP_PROXY'),
    httpsProxy: pick('HTTPS_PROXY'),
    noProxy: (pick('NO_PROXY') ?? '')
      .split(/[\s,]+/) // "localhost, .lan" → ["localhost", ".lan"]
      .map((s) => s.replace(/:\d+$/, '').toLowerCase()) // "example.com:8080" → "example.com"
      .filter(Boolean),
  };
}

function bypass(host: string, noProxy: readonly string[]): boolean {
  const h = host.toLowerCase();
  return noProxy.some((entry) => {
    if (entry === '*') return true;
    const bare = entry.startsWith('.') ? entry.slice(1) : entry;
    return h === bare || h.endsWith(`.${bare}`);
  });
}

/** The proxy URL for a target, or undefined for a direct connection. */
export function proxyFor(
  url: URL,
  sourceProxy: string | undefined,
  env: ProxyEnvironment,
): string | undefined {
  if (sourceProxy) return sourceProxy;
  const proxy = url.protocol === 'https:' ? (env.httpsProxy ?? env.httpProxy) : env.httpProxy;
  if (!proxy || bypass(url.hostname, env.noProxy)) return undefined;
  return proxy;
}
