import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { getPosition, savePosition, verifyUser } from '#library';
import type { ServerContext } from '../context.ts';
import type { ServerUser } from '../ports.ts';
import { Ok, errors } from '../schemas.ts';
import { userOf } from '../session-auth.ts';
import { readerServices } from '../opds/reader-services.ts';
import { toKoreaderProgress, toLinhaiPosition } from './position-mapping.ts';

/** koreader-sync-server's error bodies, which KOReader's plugin reads. */
const failures = {
  unauthorized: [401, { code: 2001, message: 'Unauthorized' }],
  exists: [402, { code: 2002, message: 'Username is already registered.' }],
  invalid: [403, { code: 2003, message: 'Invalid request' }],
  document: [403, { code: 2004, message: "Field 'document' not provided." }],
} as const;

/**
 * KOReader's progress sync (the koreader-sync-server API) under `/kosync`, for users who enabled
 * it with `PUT /api/me/kosync`. Pushes for a Linhai EPUB (known by the digests of the files the
 * catalog served) become the reader's Linhai position; a pull answers the web reader's position
 * when it moved on since the last push, else the push as KOReader sent it.
 */
export function kosyncRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { library } = ctx.deps;
  const { credentials, files } = readerServices(ctx);

  const fail = (reply: FastifyReply, kind: keyof typeof failures) =>
    reply.code(failures[kind][0]).send(failures[kind][1]);

  /** The user of `x-auth-user` / `x-auth-key`, or undefined after answering 401. */
  const kosyncUser = async (request: FastifyRequest, reply: FastifyReply) => {
    const name = header(request, 'x-auth-user');
    const key = header(request, 'x-auth-key');
    const found = name && key ? await library.store.users.getByName(name.trim()) : undefined;
    if (found !== undefined && (await credentials.checkKosyncKey(found.id, key!)))
      return ctx.deps.store.users.get(found.id);
    await fail(reply, 'unauthorized');
    return undefined;
  };

  return async (app) => {
    // KOReader sends "Accept: application/vnd.koreader.v1+json" and reads JSON back.
    const hide = { hide: true };

    app.post('/kosync/users/create', { schema: hide }, async (request, reply) => {
      const body = (request.body ?? {}) as { username?: unknown; password?: unknown };
      if (typeof body.username !== 'string' || typeof body.password !== 'string')
        return fail(reply, 'invalid');
      // Accounts are made in Linhai; "registering" succeeds for the account that enabled sync.
      const found = await library.store.users.getByName(body.username.trim());
      if (found !== undefined && (await credentials.checkKosyncKey(found.id, body.password)))
        return reply.code(201).send({ username: found.name });
      return fail(reply, 'exists');
    });

    app.get('/kosync/users/auth', { schema: hide }, async (request, reply) => {
      if ((await kosyncUser(request, reply)) === undefined) return reply;
      return { authorized: 'OK' };
    });

    app.put('/kosync/syncs/progress', { schema: hide }, async (request, reply) => {
      const user = await kosyncUser(request, reply);
      if (user === undefined) return reply;
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (typeof body['document'] !== 'string' || body['document'] === '')
        return fail(reply, 'document');
      if (!validProgress(body)) return fail(reply, 'invalid');
      const timestamp = Math.floor(library.clock.now() / 1000);
      const bookId = await files.bookOfDocument(body.document);
      const linhaiReadAt =
        bookId === undefined ? undefined : await saveAsPosition(user, bookId, body);
      await credentials.savePush(user.id, body.document, {
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
      const pushed = await credentials.lastPush(user.id, document);
      const bookId = await files.bookOfDocument(document);
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

    app.put(
      '/api/me/kosync',
      {
        schema: {
          tags: ['settings'],
          summary:
            'Enable KOReader progress sync: give your account password again; KOReader logs in with the same name and password',
          body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 1024 }) }),
          response: { 200: Ok, ...errors(400, 401) },
        },
      },
      async (request) => {
        const user = userOf(request);
        await verifyUser(library, { name: user.name, password: request.body.password });
        await credentials.enableKosync(user.id, request.body.password);
        return { ok: true };
      },
    );

    app.delete(
      '/api/me/kosync',
      {
        schema: {
          tags: ['settings'],
          summary: 'Disable KOReader progress sync',
          response: { 200: Ok, ...errors(401) },
        },
      },
      async (request) => {
        await credentials.disableKosync(userOf(request).id);
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
  const { progress, percentage, device, device_id: deviceId } = body;
  return (
    typeof progress === 'string' &&
    progress.length <= 2048 &&
    typeof percentage === 'number' &&
    Number.isFinite(percentage) &&
    typeof device === 'string' &&
    typeof deviceId === 'string'
  );
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
