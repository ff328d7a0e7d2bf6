import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLinhaiError } from '#model';
import { verifyUser } from '#library';
import type { ServerContext } from '../context.ts';
import { MemoCache } from '../memo-cache.ts';
import type { ServerUser } from '../ports.ts';
import { limitedLogin } from '#library';
import type { ReaderCredentials } from './reader-credentials.ts';

const REALM = 'Linhai';

/**
 * Who an e-reader is: the owner of the URL token (`/opds/t/<token>/…`), else the account in an
 * HTTP Basic header. E-reader clients keep no cookies, so every request carries one of the two;
 * a verified Basic header is remembered for a minute so a feed page does not cost one scrypt per
 * request. Failed Basic attempts count against the login limits like failed logins.
 */
export class OpdsAuth {
  readonly #ctx: ServerContext;
  readonly #credentials: ReaderCredentials;
  readonly #verified: MemoCache<number>;

  constructor(ctx: ServerContext, credentials: ReaderCredentials) {
    this.#ctx = ctx;
    this.#credentials = credentials;
    this.#verified = new MemoCache({
      ttlMs: 60_000,
      max: 1_000,
      now: () => ctx.deps.library.clock.now(),
    });
  }

  /** The user, or undefined after answering 401 with a Basic challenge. */
  async user(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string | undefined,
  ): Promise<ServerUser | undefined> {
    const userId =
      token === undefined ? await this.#basic(request) : await this.#credentials.userOfToken(token);
    const user = userId === undefined ? undefined : await this.#ctx.deps.store.users.get(userId);
    if (user !== undefined) return user;
    await reply
      .code(401)
      .header('www-authenticate', `Basic realm="${REALM}", charset="UTF-8"`)
      .type('text/plain; charset=utf-8')
      .send(
        token === undefined
          ? 'sign in with your Linhai account, or use your OPDS link from the web app\n'
          : 'this OPDS link is no longer valid: copy the current one from the web app\n',
      );
    return undefined;
  }

  async #basic(request: FastifyRequest): Promise<number | undefined> {
    const header = request.headers.authorization ?? '';
    // "Basic YWxpY2U6c2VjcmV0" → "alice:secret"
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (match === null) return undefined;
    const key = createHash('sha256').update(match[1]!).digest('hex');
    const known = this.#verified.get(key);
    if (known !== undefined) return known;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const name = decoded.slice(0, colon);
    try {
      const user = await limitedLogin(this.#ctx.loginLimits, request.ip, name, () =>
        verifyUser(this.#ctx.deps.library, { name, password: decoded.slice(colon + 1) }),
      );
      this.#verified.set(key, user.id);
      return user.id;
    } catch (error) {
      if (!isLinhaiError(error, 'unauthorized')) throw error;
      return undefined;
    }
  }
}
