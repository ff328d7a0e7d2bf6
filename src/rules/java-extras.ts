/**
 * The `java.*` helpers of Legado's JsExtensions that need the rule context (network, base URL):
 * `head`, `ajaxAll`, `importScript`/`cacheFile`, `getZipStringContent`/`getZipByteArrayContent`,
 * `toURL`, `htmlFormat`, `getWebViewUA`, plus the helpers that need a browser or the app's UI,
 * which fail with `capability-missing` naming what they need when a script really calls them.
 */
import type JSZip from 'jszip';
import { LinhaiError, lazyRequire } from '#model';
import type { HostResponse, RuleHost, UrlRequest } from './types.ts';
import { formatHtmlContent } from './html-format.ts';
import { absoluteUrl } from './urls.ts';
import type { JsModule } from './element-facade.ts';

// Loaded by the first zip a source script opens, not with the rules layer.
const jszip = lazyRequire<typeof JSZip>('jszip');

/** Legado's default WebView user agent shape (Android WebView on a phone). */
const webViewUserAgent =
  'Mozilla/5.0 (Linux; Android 12; Pixel 6) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.0.0 Mobile Safari/537.36';

export function plainRequest(
  url: string,
  method: UrlRequest['method'],
  body?: string,
  headers?: Record<string, string>,
): UrlRequest {
  return {
    url,
    method,
    headers: headers ?? {},
    ...(body === undefined ? {} : { body }),
    options: {},
    webView: false,
    retry: 0,
  };
}

/** JSoup's Connection.Response and Legado's StrResponse, as scripts read them. */
export function responseObject(js: JsModule, res: HostResponse): object {
  return new js.HostObject(
    {
      body: () => res.text,
      code: () => res.status,
      statusCode: () => res.status,
      message: () => statusText(res.status),
      statusMessage: () => statusText(res.status),
      url: () => res.url,
      header: (name: unknown) => res.headers[String(name).toLowerCase()] ?? null,
      headers: () => ({ ...res.headers }),
      contentType: () => res.headers['content-type'] ?? null,
      cookies: () => cookiesOf(res.headers['set-cookie'] ?? ''),
      // StrResponse.raw() is OkHttp's Response; scripts read raw().request().url() (after redirects).
      raw: () =>
        new js.HostObject(
          {
            code: () => res.status,
            headers: () => ({ ...res.headers }),
            request: () => new js.HostObject({ url: () => res.url }, 'Request'),
          },
          'RawResponse',
        ),
      toString: () => res.text,
    },
    'Response',
  );
}

function statusText(status: number): string {
  return status >= 200 && status < 300 ? 'OK' : String(status);
}

/** "a=1; Path=/, b=2" (set-cookie lines joined) → {a: "1", b: "2"}. */
function cookiesOf(setCookie: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of setCookie.split(/\n|,(?=\s*[^;=\s]+=)/)) {
    const pair = line.split(';')[0]?.trim() ?? '';
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** The first entry named `path` (or ending in "/path") of a zip archive. */
async function zipEntry(bytes: Uint8Array, path: string): Promise<Uint8Array | null> {
  const zip = await jszip().loadAsync(bytes);
  const entry =
    zip.file(path) ??
    zip.file(new RegExp(`(?:^|/)${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`))[0];
  return entry ? entry.async('uint8array') : null;
}

/** UTF-8 when the bytes are valid UTF-8, else GB18030 (Legado detects the charset the same way). */
function decodeGuess(bytes: Uint8Array, charset: string): string {
  if (charset !== '') return new TextDecoder(charset).decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function hostRender(host: (what: string) => RuleHost): RuleHost['render'] {
  try {
    return host('webView').render?.bind(host('webView'));
  } catch {
    return undefined;
  }
}

/** Helpers Linhai cannot provide: the capability each needs, and what that means. */
export const javaHelperCapabilities: Readonly<
  Record<string, { capability: string; needs: string }>
> = {
  webView: { capability: 'webview', needs: 'a browser (webView)' },
  webViewGetSource: { capability: 'webview', needs: 'a browser (webView)' },
  webViewGetOverrideUrl: { capability: 'webview', needs: 'a browser (webView)' },
  startBrowser: { capability: 'browser', needs: 'an interactive browser' },
  startBrowserAwait: { capability: 'browser', needs: 'an interactive browser' },
  getVerificationCode: { capability: 'browser', needs: 'a person to read a captcha' },
  openUrl: { capability: 'browser', needs: 'an interactive browser' },
  refreshTocUrl: { capability: 'pre-update-js', needs: 'the app to re-read the book page' },
  reGetBook: { capability: 'pre-update-js', needs: 'the app to search the book again' },
};

/** Those helpers as `java` members: a call fails as capability-missing naming the capability. */
export const unavailableJavaHelpers: Readonly<Record<string, () => never>> = Object.fromEntries(
  Object.entries(javaHelperCapabilities).map(([helper, { capability, needs }]) => [
    helper,
    () => {
      throw new LinhaiError(
        'capability-missing',
        `java.${helper}() needs ${needs}, which Linhai does not have yet`,
        { details: { capability, helper: `java.${helper}` } },
      );
    },
  ]),
);

export function createJavaExtras(
  js: JsModule,
  host: (what: string) => RuleHost,
  baseUrl: () => string,
): Record<string, unknown> {
  const fetchText = async (what: string, url: unknown): Promise<HostResponse> =>
    host(what).fetch(plainRequest(absoluteUrl(baseUrl(), String(url)), 'GET'));
  // Legado reads an archive from a URL, or from hex text when the argument is not a URL.
  const archiveBytes = async (what: string, url: unknown): Promise<Uint8Array> => {
    const text = String(url);
    if (/^[0-9a-f]+$/i.test(text) && text.length % 2 === 0) return Buffer.from(text, 'hex');
    const res = await fetchText(what, text);
    if (!res.bytes) {
      throw new LinhaiError('rule-error', `java.${what}: the response of ${res.url} has no bytes`);
    }
    return res.bytes;
  };
  return {
    head: async (url: unknown, headers?: unknown) =>
      responseObject(
        js,
        await host('head').fetch(
          plainRequest(String(url), 'HEAD', undefined, (headers ?? {}) as Record<string, string>),
        ),
      ),
    ajaxAll: async (urls: unknown) => {
      const list = Array.isArray(urls) ? urls : [urls];
      const { buildRequest } = await import('./url-template.ts');
      return Promise.all(
        list.map(async (url) => {
          const req = await buildRequest(String(url), { baseUrl: baseUrl() });
          return responseObject(js, await host('ajaxAll').fetch(req));
        }),
      );
    },
    importScript: async (path: unknown) => {
      if (!/^https?:\/\//i.test(String(path))) {
        throw new LinhaiError(
          'rule-error',
          `java.importScript("${String(path)}"): Linhai imports scripts from http(s) URLs only, not from files on a phone`,
        );
      }
      return (await fetchText('importScript', path)).text;
    },
    cacheFile: async (url: unknown) => (await fetchText('cacheFile', url)).text,
    getZipStringContent: async (url: unknown, path: unknown, charset?: unknown) => {
      const entry = await zipEntry(await archiveBytes('getZipStringContent', url), String(path));
      return entry ? decodeGuess(entry, charset ? String(charset) : '') : '';
    },
    getZipByteArrayContent: async (url: unknown, path: unknown) => {
      const entry = await zipEntry(await archiveBytes('getZipByteArrayContent', url), String(path));
      return entry ? Array.from(entry, (b) => (b << 24) >> 24) : null;
    },
    toURL: (url: unknown, base?: unknown) => {
      const parsed = new URL(
        String(url),
        base === undefined || base === null ? undefined : String(base),
      );
      return {
        href: parsed.href,
        host: parsed.host,
        origin: parsed.origin,
        pathname: parsed.pathname,
        searchParams: Object.fromEntries(parsed.searchParams),
      };
    },
    htmlFormat: (html: unknown) =>
      formatHtmlContent(String(html ?? ''), { keepImages: true, baseUrl: baseUrl() }),
    getWebViewUA: () => webViewUserAgent,
    ...unavailableJavaHelpers,
    // Legado's java.webView(html, url, js): with the browser tier on, rendered there.
    webView: async (html: unknown, url: unknown, script: unknown) => {
      // No network or no browser tier: the capability error that says what is missing.
      const render = hostRender(host);
      if (!render) return unavailableJavaHelpers['webView']?.();
      const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
      return render({
        url: absoluteUrl(baseUrl(), text(url) || baseUrl()),
        ...(text(html) ? { html: text(html) } : {}),
        ...(text(script) ? { script: text(script) } : {}),
      });
    },
  };
}
