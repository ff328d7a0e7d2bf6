import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LinhaiError, isLinhaiError } from '#model';
import { getPosition, savePosition } from '#library';
import type { ServerContext } from '../context.ts';
import type { ServerUser } from '../ports.ts';
import { Ok, errors } from '../schemas.ts';
import { NewSyncKey, SyncKeyView } from '../schemas/account.ts';
import { userOf } from '../session-auth.ts';
import { limitedLogin } from '#library';
import { readerServices } from '../opds/reader-services.ts';
import { bookSlot, documentSlot } from '../opds/reader-credentials.ts';
import type { SyncKey } from '../opds/reader-credentials.ts';
import { toKoreaderProgress, toLinhaiPosition } from './position-mapping.ts';

/** koreader-sync-server's error bodies, which KOReader's plugin reads. */
const failures = {
  unauthorized: [401, { code: 2001, message: 'Unauthorized' }],
  exists: [402, { code: 2002, message: 'Username is already registered.' }],
  invalid: [403, { code: 2003, message: 'Invalid request' }],
  document: [403, { code: 2004, message: "Field 'document' not provided." }],
} as const;

/** Largest kosync request body: a push is a few hundred bytes (an XPointer, names, numbers). */
const KOSYNC_BODY_LIMIT = 8 * 1024;
/** Longest document name kept (KOReader's digests are 32 hex digits). */
const MAX_DOCUMENT = 128;
const MAX_PROGRESS = 2048;
const MAX_DEVICE = 256;

/** The sync key as the API shows it (never the key itself, which is shown once). */
const view = (key: SyncKey | undefined) => ({
  enabled: key !== undefined,
  kind: key?.kind ?? null,
  createdAt: key?.createdAt ?? null,
  hint: key?.hint ?? null,
});

/**
 * KOReader's progress sync (the koreader-sync-server API) under `/kosync`, for users who made a
 * sync key (`POST /api/me/kosync`): KOReader signs in with the Linhai user name and that key,
 * never the account password. Failed attempts count against the login limits. Pushes for a
 * Linhai EPUB (known by the digests of the files the catalog served) become the reader's Linhai
 * position; a pull answers the web reader's position when it moved on since the last push, else
 * the device's push as it sent it (under whichever digest of the book it was made).
 */
export function kosyncRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { library } = ctx.deps;
  const { credentials, files } = readerServices(ctx);

  const fail = (reply: FastifyReply, kind: keyof typeof failures) =>
    reply.code(failures[kind][0]).send(failures[kind][1]);

  /**
   * The user whose sync key `key` is (KOReader's MD5 of what was typed), through the login
   * limits: a blocked address or name is refused before any key is checked, a wrong key counts.
   * Undefined after answering 401 (or 429 with Retry-After).
   */
  const keyHolder = async (
    request: FastifyRequest,
    reply: FastifyReply,
    name: string | undefined,
    key: string | undefined,
  ): Promise<ServerUser | undefined> => {
    try {
      return await limitedLogin(ctx.loginLimits, request.ip, name ?? '', async () => {
        const found = name && key ? await library.store.users.getByName(name.trim()) : undefined;
        const user =
          found !== undefined && key && (await credentials.checkSyncKey(found.id, key))
            ? await ctx.deps.store.users.get(found.id)
            : undefined;
        if (user === undefined) throw new LinhaiError('unauthorized', 'wrong user name or key');
        return user;
      });
    } catch (error) {
      if (isLinhaiError(error, 'unauthorized')) return void (await fail(reply, 'unauthorized'));
      if (!isLinhaiError(error, 'too-many-requests')) throw error;
      const seconds = Math.ceil((error.retryAfterMs ?? 60_000) / 1000);
      await reply
        .code(429)
        .header('retry-after', String(seconds))
        .send({ code: 2001, message: error.message });
      return undefined;
    }
  };

  /** The user of `x-auth-user` / `x-auth-key`, or undefined after answering. */
  const kosyncUser = (request: FastifyRequest, reply: FastifyReply) =>
    keyHolder(request, reply, header(request, 'x-auth-user'), header(request, 'x-auth-key'));

  /** Where a document's pushes are kept: one place per Linhai book, whatever its digest. */
  const slotOf = async (document: string) => {
    const bookId = await files.bookOfDocument(document);
    return { bookId, slot: bookId === undefined ? documentSlot(document) : bookSlot(bookId) };
  };

  return async (app) => {
    // KOReader sends "Accept: application/vnd.koreader.v1+json" and reads JSON back.
    const hide = { hide: true };
    const bounded = { schema: hide, bodyLimit: KOSYNC_BODY_LIMIT };

    app.post('/kosync/users/create', bounded, async (request, reply) => {
      const body = (request.body ?? {}) as { username?: unknown; password?: unknown };
      if (typeof body.username !== 'string' || typeof body.password !== 'string')
        return fail(reply, 'invalid');
      // Accounts are made in Linhai; "registering" succeeds for the holder of the sync key.
      const user = await keyHolder(request, reply, body.username, body.password);
      if (user === undefined) return reply;
      return reply.code(201).send({ username: user.name });
    });

    app.get('/kosync/users/auth', { schema: hide }, async (request, reply) => {
      if ((await kosyncUser(request, reply)) === undefined) return reply;
      return { authorized: 'OK' };
    });

    app.put('/kosync/syncs/progress', bounded, async (request, reply) => {
      const user = await kosyncUser(request, reply);
      if (user === undefined) return reply;
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (typeof body['document'] !== 'string' || body['document'] === '')
        return fail(reply, 'document');
      if (!validProgress(body)) return fail(reply, 'invalid');
      const timestamp = Math.floor(library.clock.now() / 1000);
      const { bookId, slot } = await slotOf(body.document);
      const linhaiReadAt =
        bookId === undefined ? undefined : await saveAsPosition(user, bookId, body);
      await credentials.savePush(user.id, slot, {
        progress: body.progress,
        percentage: body.percentage,
        device: body.device,
        deviceId: body.device_id,
        timestamp,
        linhaiReadAt,
      });
      return { document: body.document, timestamp };
    });

    app.get('/kosync/syncs/progress/:document', { schema: hide }, async (request, reply) => {
      const user = await kosyncUser(request, reply);
      if (user === undefined) return reply;
      const { document } = request.params as { document: string };
      if (document.length > MAX_DOCUMENT) return fail(reply, 'invalid');
      const { bookId, slot } = await slotOf(document);
      const pushed = await credentials.lastPush(user.id, slot);
      if (bookId !== undefined) {
        const position = await getPosition(library, { userId: user.id, bookId });
        if (position !== undefined && position.readAt !== pushed?.linhaiReadAt) {
          const progress = await toKoreaderProgress(library, bookId, position);
          if (progress !== undefined)
            return {
              document,
              ...progress,
              device: 'Linhai',
              device_id: 'linhai-web',
              timestamp: Math.floor(position.readAt / 1000),
            };
        }
      }
      if (pushed === undefined) return {};
      return {
        document,
        progress: pushed.progress,
        percentage: pushed.percentage,
        device: pushed.device,
        device_id: pushed.deviceId,
        timestamp: pushed.timestamp,
      };
    });

    app.get(
      '/api/me/kosync',
      {
        schema: {
          tags: ['settings'],
          summary: 'Whether you have a KOReader sync key (the key itself is shown only once)',
          response: { 200: SyncKeyView, ...errors(401) },
        },
      },
      async (request) => view(await credentials.syncKey(userOf(request).id)),
    );

    app.post(
      '/api/me/kosync',
      {
        schema: {
          tags: ['settings'],
          summary:
            'A new KOReader sync key, shown this once: KOReader signs in with your user name and this key (an earlier key stops working)',
          response: {
            201: NewSyncKey,
            ...errors(401),
          },
        },
      },
      async (request, reply) => {
        const user = userOf(request);
        const { key, syncKey } = await credentials.createSyncKey(user.id);
        return reply.code(201).send({ username: user.name, key, syncKey: view(syncKey) });
      },
    );

    app.delete(
      '/api/me/kosync',
      {
        schema: {
          tags: ['settings'],
          summary: 'Revoke your KOReader sync key: every device using it is refused',
          response: { 200: Ok, ...errors(401) },
        },
      },
      async (request) => {
        await credentials.revokeSyncKey(userOf(request).id);
        return { ok: true };
      },
    );
  };

  /** Saves the push as the Linhai position; its `readAt`, or undefined when it maps nowhere. */
  async function saveAsPosition(
    user: ServerUser,
    bookId: number,
    body: { progress: string; percentage: number },
  ): Promise<number | undefined> {
    const position = await toLinhaiPosition(library, bookId, body);
    if (position === undefined) return undefined;
    await savePosition(library, { userId: user.id, bookId }, position);
    return (await getPosition(library, { userId: user.id, bookId }))?.readAt;
  }
}

function validProgress(body: Record<string, unknown>): body is {
  document: string;
  progress: string;
  percentage: number;
  device: string;
  device_id: string;
} {
  const { document, progress, percentage, device, device_id: deviceId } = body;
  return (
    typeof document === 'string' &&
    document.length <= MAX_DOCUMENT &&
    typeof progress === 'string' &&
    progress.length <= MAX_PROGRESS &&
    typeof percentage === 'number' &&
    Number.isFinite(percentage) &&
    typeof device === 'string' &&
    device.length <= MAX_DEVICE &&
    typeof deviceId === 'string' &&
    deviceId.length <= MAX_DEVICE
  );
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
