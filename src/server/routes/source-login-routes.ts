import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LinhaiError } from '#model';
import type { ServerContext } from '../context.ts';
import { IdParams, errors } from '../schemas.ts';
import { LoginForm } from '../schemas/sources.ts';
import { adminOf } from '../session-auth.ts';

/**
 * Logging a source in, for administrators (issue 21): the form its loginUi describes, and the
 * fields posted back, which app.logInSource checks, runs and keeps sealed. Passwords are never
 * sent back.
 */
export function sourceLoginRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { store } = ctx.deps;
  const logins = () => {
    const ports = ctx.deps.sourceLogins;
    if (!ports) throw new LinhaiError('unavailable', 'source logins are not wired in this server');
    return ports;
  };
  const sourceUrlOf = async (id: number): Promise<string> => {
    const source = await store.sources.get(id);
    if (source === undefined)
      throw new LinhaiError('not-found', `no source ${id}`, { details: { sourceId: id } });
    return source.url;
  };
  return async (app) => {
    app.get(
      '/sources/:id/login',
      {
        schema: {
          tags: ['sources (admin)'],
          summary: "The source's login form (loginUi) and whether you are logged in",
          params: IdParams,
          response: { 200: LoginForm, ...errors(401, 403, 404) },
        },
      },
      async (request) => {
        const admin = adminOf(request);
        const url = await sourceUrlOf(request.params.id);
        return logins().form(admin.id, url);
      },
    );

    app.post(
      '/sources/:id/login',
      {
        schema: {
          tags: ['sources (admin)'],
          summary: 'Log the source in with its loginUi fields (kept sealed with the instance key)',
          params: IdParams,
          body: Type.Object({
            fields: Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 2000 })),
            cookie: Type.Optional(
              Type.String({
                maxLength: 8000,
                description:
                  'a login page only: the Cookie header from your browser, logged in on the site',
              }),
            ),
          }),
          response: { 200: LoginForm, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const admin = adminOf(request);
        const url = await sourceUrlOf(request.params.id);
        await logins().logIn(admin.id, url, request.body.fields, request.body.cookie);
        return logins().form(admin.id, url);
      },
    );
  };
}
