import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  createShelfGroup,
  deleteShelfGroup,
  listShelfGroups,
  renameShelfGroup,
  reorderShelfGroups,
  setBookGroups,
} from '#library';
import type { ServerContext } from '../context.ts';
import { BookIdParams, IdParams, Ok, errors } from '../schemas.ts';
import { ShelfGroup } from '../schemas/account.ts';
import { userOf } from '../session-auth.ts';

const Name = Type.Object({ name: Type.String({ minLength: 1, maxLength: 40 }) });

/**
 * The signed-in reader's shelf groups. Every route works on the session's user id: another
 * reader's group answers 404, as one that never was.
 */
export function shelfGroupRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { library } = ctx.deps;
  return async (app) => {
    app.get(
      '/shelf-groups',
      {
        schema: {
          tags: ['shelf'],
          summary: 'Your shelf groups in your order, each with its books',
          response: { 200: Type.Array(ShelfGroup), ...errors(401) },
        },
      },
      async (request) => listShelfGroups(library, userOf(request).id),
    );

    app.post(
      '/shelf-groups',
      {
        schema: {
          tags: ['shelf'],
          summary: 'Make a group (at the end of your order); 409 when you have one of that name',
          body: Name,
          response: { 200: ShelfGroup, ...errors(400, 401, 409) },
        },
      },
      async (request) => createShelfGroup(library, userOf(request).id, request.body.name),
    );

    app.patch(
      '/shelf-groups/:id',
      {
        schema: {
          tags: ['shelf'],
          summary: 'Rename one of your groups',
          params: IdParams,
          body: Name,
          response: { 200: Ok, ...errors(400, 401, 404, 409) },
        },
      },
      async (request) => {
        await renameShelfGroup(library, userOf(request).id, request.params.id, request.body.name);
        return { ok: true };
      },
    );

    app.delete(
      '/shelf-groups/:id',
      {
        schema: {
          tags: ['shelf'],
          summary: 'Delete one of your groups (its books stay on your shelf)',
          params: IdParams,
          response: { 200: Ok, ...errors(400, 401, 404) },
        },
      },
      async (request) => {
        await deleteShelfGroup(library, userOf(request).id, request.params.id);
        return { ok: true };
      },
    );

    app.put(
      '/shelf-groups/order',
      {
        schema: {
          tags: ['shelf'],
          summary: 'Put your groups in this order',
          body: Type.Object({ ids: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500 }) }),
          response: { 200: Type.Array(ShelfGroup), ...errors(400, 401, 404) },
        },
      },
      async (request) => reorderShelfGroups(library, userOf(request).id, request.body.ids),
    );

    app.put(
      '/shelf/:bookId/groups',
      {
        schema: {
          tags: ['shelf'],
          summary: 'Set the groups a book on your shelf is in (an empty list: none)',
          params: BookIdParams,
          body: Type.Object({
            groupIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 500 }),
          }),
          response: {
            200: Type.Object({ groupIds: Type.Array(Type.Integer()) }),
            ...errors(400, 401, 404),
          },
        },
      },
      async (request) => ({
        groupIds: await setBookGroups(
          library,
          userOf(request).id,
          request.params.bookId,
          request.body.groupIds,
        ),
      }),
    );
  };
}
