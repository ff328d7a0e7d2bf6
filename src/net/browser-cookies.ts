/**
 * Carrying a request's cookie jar into a browser context and back. The jar (src/net/cookies.ts) is
 * the one truth: a context starts with that jar's cookies only — never another source's — and
 * what the page's scripts write (`document.cookie = …`, the classic challenge) is stored back.
 */
import type { BrowserContext } from 'playwright-core';
import type { Cookie } from 'tough-cookie';
import type { CookieJars } from './cookies.ts';

type BrowserCookie = Awaited<ReturnType<BrowserContext['cookies']>>[number];

/** Puts the jar's cookies (all, or those sent to `url`) into the context. */
export async function jarToContext(
  jars: CookieJars,
  key: string,
  context: BrowserContext,
): Promise<void> {
  const cookies = (await jars.list(key)).map(toBrowser);
  if (cookies.length > 0) await context.addCookies(cookies);
}

/** Stores the context's cookies (all, or those for `urls`) in the jar. */
export async function contextToJar(
  jars: CookieJars,
  key: string,
  context: BrowserContext,
  urls?: string[],
): Promise<void> {
  const cookies = urls ? await context.cookies(urls) : await context.cookies();
  // Grouped by URL: one store write per URL, not per cookie.
  const byUrl = new Map<string, string[]>();
  for (const c of cookies) {
    const { url, line } = toSetCookie(c);
    byUrl.set(url, [...(byUrl.get(url) ?? []), line]);
  }
  for (const [url, lines] of byUrl) await jars.store(key, url, lines);
}

function toBrowser(c: Cookie): BrowserCookie {
  const domain = c.domain ?? '';
  const expires = c.expires instanceof Date ? Math.floor(c.expires.getTime() / 1000) : -1;
  return {
    name: c.key,
    value: c.value,
    // Playwright: a leading dot makes the cookie apply to subdomains, as tough-cookie's non-host-only.
    domain: c.hostOnly === false ? `.${domain}` : domain,
    path: c.path ?? '/',
    expires,
    httpOnly: c.httpOnly,
    secure: c.secure,
    sameSite: 'Lax',
  };
}

function toSetCookie(c: BrowserCookie): { url: string; line: string } {
  const hostOnly = !c.domain.startsWith('.');
  const host = hostOnly ? c.domain : c.domain.slice(1);
  const parts = [`${c.name}=${c.value}`, `Path=${c.path}`];
  if (!hostOnly) parts.push(`Domain=${host}`);
  if (c.expires > 0) parts.push(`Expires=${new Date(c.expires * 1000).toUTCString()}`);
  if (c.secure) parts.push('Secure');
  if (c.httpOnly) parts.push('HttpOnly');
  return { url: `${c.secure ? 'https' : 'http'}://${host}${c.path}`, line: parts.join('; ') };
}
