import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { updateUserSettings } from '#library';
import type { ServerContext } from '../context.ts';
import { errors } from '../schemas.ts';
import {
  Account,
  InstanceSettingsView,
  Invitation,
  ReaderSettings,
  Recommendations,
  Registration,
} from '../schemas/account.ts';
import { adminOf, userOf } from '../session-auth.ts';

/** The reader's own settings; the instance's registration mode and invitations (admin). */
export function settingsRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { store, library } = ctx.deps;
  const instanceSettings = async () => ({
    registration: await ctx.settings.registration(),
    recommendations: await ctx.settings.recommendations(),
  });
  return async (app) => {
    app.get(
      '/settings',
      {
        schema: {
          tags: ['settings'],
          summary: 'Your reader settings',
          response: { 200: Type.Record(Type.String(), Type.Unknown()), ...errors(401) },
        },
      },
      async (request) => userOf(request).settings,
    );

    app.patch(
      '/settings',
      {
        schema: {
          tags: ['settings'],
          summary: 'Change some of your reader settings',
          body: ReaderSettings,
          response: { 200: Type.Record(Type.String(), Type.Unknown()), ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const user = userOf(request);
        // The schema above describes the keys for the API's readers; the library checks them.
        const settings = await updateUserSettings(library, user.id, request.body);
        ctx.sessions.deleteWhere((cached) => cached.id === user.id);
        return settings;
      },
    );

    app.get(
      '/admin/settings',
      {
        schema: {
          tags: ['instance (admin)'],
          summary: 'Instance settings',
          response: { 200: InstanceSettingsView, ...errors(401, 403) },
        },
      },
      async (request) => {
        adminOf(request);
        return instanceSettings();
      },
    );

    app.patch(
      '/admin/settings',
      {
        schema: {
          tags: ['instance (admin)'],
          summary:
            'Set the registration mode (open, invite: codes, closed) and whether recommendations use other shelves',
          body: Type.Object({
            registration: Type.Optional(Registration),
            recommendations: Type.Optional(Recommendations),
          }),
          response: { 200: InstanceSettingsView, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        adminOf(request);
        const { registration, recommendations } = request.body;
        if (registration !== undefined) await ctx.settings.setRegistration(registration);
        if (recommendations !== undefined) await ctx.settings.setRecommendations(recommendations);
        return instanceSettings();
      },
    );

    app.post(
      '/admin/invitations',
      {
        schema: {
          tags: ['instance (admin)'],
          summary: 'Make an invitation code (shown once; valid 14 days, one account)',
          response: {
            201: Invitation,
            ...errors(401, 403),
          },
        },
      },
      async (request, reply) => {
        const admin = adminOf(request);
        return reply.code(201).send(await ctx.settings.invite(admin.id, library.clock.now()));
      },
    );

    app.get(
      '/admin/users',
      {
        schema: {
          tags: ['instance (admin)'],
          summary: 'Every account',
          response: {
            200: Type.Array(Account),
            ...errors(401, 403),
          },
        },
      },
      async (request) => {
        adminOf(request);
        return store.users.list();
      },
    );
  };
}
