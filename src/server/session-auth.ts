import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LinhaiError, isLinhaiError } from '#model';
import { resolveSession } from '#library';
import type { LibraryDeps } from '#library';
import type { MemoCache } from './memo-cache.ts';
import type { ServerUser } from './ports.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A page of the public site (public reading): anonymous, cacheable, no cookies set. */
    publicPage?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in user, resolved from the session cookie (undefined when anonymous). */
    user: ServerUser | undefined;
  }
}

export const SESSION_COOKIE = 'linhai_session';
export const CSRF_COOKIE = 'linhai_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Sessions and CSRF for every `/api` request.
 *
 * - The session token lives in an httpOnly, SameSite=Strict cookie (Secure over https); the store
 *   keeps only its hash (`startSession`).
 * - CSRF uses the double-submit pattern: a random token in a readable cookie (`linhai_csrf`, set on
 *   the first response that lacks it) must come back in the `X-CSRF-Token` header on every POST,
 *   PUT, PATCH and DELETE. A page on another origin can neither read the cookie nor set the header.
 */
export function installAuth(
  app: FastifyInstance,
  library: Pick<LibraryDeps, 'store' | 'clock'>,
  users: { get(id: number): Promise<ServerUser | undefined> },
  sessions: MemoCache<ServerUser>,
): void {
  app.decorateRequest('user', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const csrf = request.cookies[CSRF_COOKIE];
    // Public pages set no cookie: a shared cache (CDN, proxy) does not keep a response that does.
    if ((csrf === undefined || csrf.length < 16) && !request.routeOptions.config.publicPage) {
      // The token is not secret from the page itself; it only has to be unguessable elsewhere.
      reply.setCookie(CSRF_COOKIE, randomBytes(24).toString('base64url'), {
        path: '/',
        sameSite: 'strict',
        secure: request.protocol === 'https',
        httpOnly: false,
      });
    }
    if (!isApiRequest(request)) return;
    if (unsafeMethods.has(request.method)) checkCsrf(request, csrf);
    const token = request.cookies[SESSION_COOKIE];
    if (token === undefined || token === '') return;
    const known = sessions.get(token);
    if (known !== undefined) {
      request.user = known;
      return;
    }
    try {
      const user = await resolveSession(library, token);
      request.user = await users.get(user.id);
      if (request.user) sessions.set(token, request.user);
    } catch (error) {
      // A stale cookie is treated as no session; routes that need one answer 401.
      if (!isLinhaiError(error, 'unauthorized')) throw error;
      clearSessionCookie(reply);
    }
  });
}

/**
 * Whether the request is for `/api`, judged on the path as the router sees it (the matched route,
 * else the percent-decoded path): `/%61pi/auth/login` is routed to `/api/auth/login` and must not
 * pass as something else.
 */
function isApiRequest(request: FastifyRequest): boolean {
  const path = request.routeOptions.url ?? decodedPath(request.url);
  return path.startsWith('/api/');
}

function decodedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function checkCsrf(request: FastifyRequest, cookie: string | undefined): void {
  const header = request.headers[CSRF_HEADER];
  const sent = Array.isArray(header) ? header[0] : header;
  if (
    cookie === undefined ||
    sent === undefined ||
    cookie.length !== sent.length ||
    !timingSafeEqual(Buffer.from(cookie), Buffer.from(sent))
  ) {
    throw new LinhaiError(
      'forbidden',
      `missing or wrong CSRF token: send the "${CSRF_COOKIE}" cookie's value in the X-CSRF-Token header`,
      { details: { csrf: true } },
    );
  }
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: number,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The signed-in user, or `unauthorized`. */
export function userOf(request: FastifyRequest): ServerUser {
  if (request.user === undefined)
    throw new LinhaiError('unauthorized', 'sign in first (POST /api/auth/login)');
  return request.user;
}

/** The signed-in administrator, or `unauthorized` / `forbidden`. */
export function adminOf(request: FastifyRequest): ServerUser {
  const user = userOf(request);
  if (user.role !== 'admin')
    throw new LinhaiError('forbidden', 'only an administrator may do this', {
      details: { role: user.role },
    });
  return user;
}
