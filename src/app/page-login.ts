/**
 * Logging a source in on its login page for a person (Legado: a plain `loginUrl` opened in a
 * WebView), server-side (issue 21). Two ways: Linhai fetches the page through the guarded client,
 * fills its login form (hidden inputs kept) and submits it; or the administrator logs in in their
 * own browser and pastes the Cookie header. Either way the cookies land in the user's jar for the
 * source, and the login counts only when the page no longer answers with its login form.
 */
import { LinhaiError, isLinhaiError } from '#model';
import type { Fetcher, FetchResponse, SourcePolicy } from '#net';
import { findLoginForm, formBody, loginPageUrl, sourceHeaders, sourcePolicy } from '#sources';
import type { BookSource, LoginPageForm } from '#sources';

export interface PageLoginDeps {
  readonly fetcher: Fetcher;
  readonly cookieJars: {
    store(key: string, url: string, setCookies: readonly string[]): Promise<void>;
    clear(key: string): Promise<void>;
  };
}

/** What the user gives: the form's fields, or a Cookie header copied from their browser. */
type PageLoginInput = { fields: Record<string, string> } | { cookie: string };

interface PageCall {
  readonly url: string;
  readonly policy: SourcePolicy;
  readonly headers: Record<string, string>;
}

async function pageCall(source: BookSource, cookieJar: string): Promise<PageCall> {
  const url = loginPageUrl(source);
  if (url === undefined) {
    throw new LinhaiError('invalid-input', `${source.bookSourceName}: its loginUrl is not a page`, {
      details: { source: source.bookSourceUrl },
    });
  }
  // A header written as a script needs the sandbox: that error says so, as on any fetch.
  const { headers, proxy } = await sourceHeaders(source, {
    variables: { get: () => undefined, put: () => undefined },
  });
  return { url, headers, policy: { ...sourcePolicy(source, proxy), cookieJar } };
}

const noForm = (source: BookSource, url: string) =>
  new LinhaiError(
    'capability-missing',
    `${source.bookSourceName}: the page has no login form Linhai can fill (${url}): log in on the site in your browser and paste the cookie instead`,
    { details: { capability: 'login', source: source.bookSourceUrl, url } },
  );

const robotsSay = (source: BookSource, url: string, cause: unknown) =>
  new LinhaiError(
    'capability-missing',
    `${source.bookSourceName}: the site's robots.txt does not let Linhai open its login page (${url}): log in on the site in your browser and paste the cookie instead`,
    { details: { capability: 'login', source: source.bookSourceUrl, url }, cause },
  );

const loginPageAgain = (source: BookSource, cause?: unknown) =>
  new LinhaiError(
    'invalid-input',
    `${source.bookSourceName}: the site answered with its login page again: check the name and password`,
    { details: { source: source.bookSourceUrl }, ...(cause ? { cause } : {}) },
  );

/** The login page's form, fetched through the guarded client with the user's jar. */
export async function fetchLoginPageForm(
  fetcher: Fetcher,
  source: BookSource,
  cookieJar: string,
): Promise<LoginPageForm & { charset: string }> {
  const call = await pageCall(source, cookieJar);
  const page = await fetcher
    .fetch({ url: call.url, kind: 'other', headers: call.headers, source: call.policy })
    .catch((error: unknown) => {
      throw isLinhaiError(error, 'net-refused-robots') ? robotsSay(source, call.url, error) : error;
    });
  const form = findLoginForm(page.text, page.url);
  if (!form || form.fields.length === 0) throw noForm(source, call.url);
  return { ...form, charset: page.charset };
}

/** The site still shows a login form: the login did not take. */
const stillLoginPage = (page: FetchResponse) => findLoginForm(page.text, page.url) !== undefined;

/** Logs in on the page (form or pasted cookie); its cookies land in `cookieJar`. */
export async function logInOnPage(
  deps: PageLoginDeps,
  source: BookSource,
  cookieJar: string,
  input: PageLoginInput,
): Promise<void> {
  const call = await pageCall(source, cookieJar);
  if ('cookie' in input) {
    await deps.cookieJars.store(cookieJar, call.url, pastedCookies(source, input.cookie));
    const page = await deps.fetcher
      .fetch({ url: call.url, kind: 'other', headers: call.headers, source: call.policy })
      .catch((error: unknown) => {
        // robots.txt keeps Linhai off the login page: the cookie is kept unchecked (the user
        // has just logged in with their browser); its first member page shows whether it works.
        if (isLinhaiError(error, 'net-refused-robots')) return undefined;
        throw error;
      });
    if (page && stillLoginPage(page)) {
      await deps.cookieJars.clear(cookieJar);
      throw new LinhaiError(
        'invalid-input',
        `${source.bookSourceName}: with this cookie the site still shows its login page: log in again in your browser and copy the whole Cookie header`,
        { details: { source: source.bookSourceUrl } },
      );
    }
    return;
  }
  // A login from nothing: a session already in the jar would send the login page on elsewhere.
  await deps.cookieJars.clear(cookieJar);
  const form = await fetchLoginPageForm(deps.fetcher, source, cookieJar);
  const names = new Set(form.fields.map((f) => f.name));
  const unknown = Object.keys(input.fields).filter((k) => !names.has(k));
  if (unknown.length > 0) {
    throw new LinhaiError(
      'invalid-input',
      `${source.bookSourceName}: its login form has no field ${unknown.join(', ')} (it has ${[...names].join(', ')})`,
      { details: { source: source.bookSourceUrl } },
    );
  }
  // Encoded as a browser would from that page (a GBK page's form goes in GBK).
  const values = formBody({ ...form.kept, ...input.fields }, form.charset);
  const post = form.method === 'POST';
  const target = new URL(form.action);
  // A GET form's values take the place of the action's query, as in a browser.
  if (!post) target.search = `?${values}`;
  const answer = await deps.fetcher
    .fetch({
      url: target.href,
      kind: 'other',
      headers: {
        ...call.headers,
        referer: call.url,
        ...(post ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(post ? { method: 'POST' as const, body: values } : {}),
      source: call.policy,
    })
    .catch((error: unknown) => {
      const status = isLinhaiError(error, 'net-http-status') ? error.details['status'] : 0;
      throw status === 401 || status === 403 ? loginPageAgain(source, error) : error;
    });
  if (stillLoginPage(answer)) throw loginPageAgain(source);
}

/** `a=1; b=2` (a browser's Cookie header) as Set-Cookie lines for the login page's host. */
function pastedCookies(source: BookSource, header: string): string[] {
  const pairs = header
    .replace(/^\s*cookie:\s*/i, '')
    .split(';')
    .map((p) => p.trim())
    .filter((p) => /^[^=\s]+=/.test(p));
  if (pairs.length === 0) {
    throw new LinhaiError(
      'invalid-input',
      `${source.bookSourceName}: paste the Cookie header's value (name=value; name2=value2)`,
      { details: { source: source.bookSourceUrl } },
    );
  }
  return pairs.map((p) => `${p}; Path=/`);
}
