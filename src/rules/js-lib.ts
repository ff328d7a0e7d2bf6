/**
 * A source's `jsLib` (legado-rules.md §1.3): JavaScript evaluated once per sandbox so every script
 * of the source sees its functions; or a JSON object `{"name": "https://…/lib.js"}` whose files are
 * fetched once through the host and evaluated in order.
 */
import { LinhaiError } from '#model';
import type { RuleHost } from './types.ts';
import { readLenientJson } from './lenient-json.ts';

export interface LibrarySandbox {
  loadLibrary(code: string): void;
}

/**
 * Loads `jsLib` into the sandbox. Inline code needs no host; URL libraries need `host`.
 * @example await loadJsLib(sandbox, 'function add(a,b){return a+b}')
 */
export async function loadJsLib(
  sandbox: LibrarySandbox,
  jsLib: string | undefined,
  host?: RuleHost,
): Promise<void> {
  const lib = jsLib?.trim();
  if (!lib) return;
  const asJson = lib.startsWith('{') ? readLenientJson(lib) : undefined;
  if (!asJson || typeof asJson !== 'object' || Array.isArray(asJson)) {
    sandbox.loadLibrary(lib);
    return;
  }
  for (const [name, url] of Object.entries(asJson as Record<string, unknown>)) {
    if (!host)
      throw new LinhaiError(
        'capability-missing',
        `jsLib "${name}" must be downloaded, and no host was given`,
      );
    const res = await host.fetch({
      url: String(url),
      method: 'GET',
      headers: {},
      options: {},
      webView: false,
      retry: 0,
    });
    if (res.status >= 400)
      throw new LinhaiError(
        'rule-error',
        `jsLib "${name}" could not be loaded (HTTP ${res.status})`,
        { details: { url: String(url) } },
      );
    sandbox.loadLibrary(res.text);
  }
}
