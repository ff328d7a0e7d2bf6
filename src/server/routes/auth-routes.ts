import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LinhaiError } from '#model';
import { createUser, endSession, startSession } from '#library';
import type { ServerContext } from '../context.ts';
import { Ok, UserView, errors } from '../schemas.ts';
import { RegistrationInfo, Session } from '../schemas/account.ts';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie, userOf } from '../session-auth.ts';
import type { ServerUser } from '../ports.ts';
import { limitedLogin } from '#library';

const Credentials = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});

const Registration = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 8, maxLength: 1024 }),
  invite: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});

function publicUser(user: ServerUser) {
  return { id: user.id, name: user.name, role: user.role, settings: user.settings };
}

/** Accounts and sessions: register, login (rate-limited), logout, who am I. */
export function authRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { library, store } = ctx.deps;
  // Registrations run one at a time, so two first accounts cannot both become administrator.
  let registering: Promise<unknown> = Promise.resolve();
  // The first account registered while there is no administrator becomes one: the CLI's local
  // reader (made by any command run before `serve`) must not lock the instance out of having one.
  const hasAdministrator = async () =>
    (await store.users.list()).some((user) => user.role === 'admin');
  return async (app) => {
    app.post(
      '/auth/register',
      {
        schema: {
          tags: ['auth'],
          summary: 'Create an account (the first one is the administrator) and sign in',
          body: Registration,
          response: { 201: UserView, ...errors(400, 403, 409) },
        },
      },
      async (request, reply) => {
        const run = registering.then(async () => {
          const now = library.clock.now();
          const first = !(await hasAdministrator());
          const mode = await ctx.settings.registration();
          const { name, password, invite } = request.body;
          if (!first && mode === 'closed')
            throw new LinhaiError('forbidden', 'registration is closed on this instance');
          if (!first && mode === 'invite') {
            if (invite === undefined || !(await ctx.settings.isValid(invite, now)))
              throw new LinhaiError('forbidden', 'registration needs a valid invitation code', {
                details: { field: 'invite' },
              });
          }
          const created = await createUser(library, {
            name,
            password,
            role: first ? 'admin' : 'reader',
          });
          if (!first && mode === 'invite' && invite !== undefined)
            await ctx.settings.redeem(invite, created.id, now);
          return created;
        });
        registering = run.catch(() => undefined);
        const created = await run;
        const session = await startSession(library, {
          name: created.name,
          password: request.body.password,
        });
        setSessionCookie(request, reply, session.token, session.expiresAt);
        const user = (await store.users.get(created.id)) ?? {
          ...created,
          settings: {},
          createdAt: 0,
        };
        return reply.code(201).send(publicUser(user));
      },
    );

    app.get(
      '/auth/registration',
      {
        schema: {
          tags: ['auth'],
          summary: 'Who may register here: the mode, and whether no account exists yet',
          description:
            'For the sign-up page: the first account needs no invitation and becomes the administrator.',
          response: {
            200: RegistrationInfo,
          },
        },
      },
      async () => ({
        registration: await ctx.settings.registration(),
        firstAccount: !(await hasAdministrator()),
      }),
    );

    app.post(
      '/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Sign in; sets the session cookie',
          description:
            'Failed attempts are limited per client address and per user name (429 with Retry-After).',
          body: Credentials,
          response: { 200: UserView, ...errors(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const session = await limitedLogin(ctx.loginLimits, request.ip, request.body.name, () =>
          startSession(library, request.body),
        );
        setSessionCookie(request, reply, session.token, session.expiresAt);
        const user = await store.users.get(session.user.id);
        return publicUser(user ?? { ...session.user, settings: {}, createdAt: 0 });
      },
    );

    app.post(
      '/auth/logout',
      {
        schema: {
          tags: ['auth'],
          summary: 'Sign out (the session ends at once)',
          response: { 200: Ok },
        },
      },
      async (request, reply) => {
        const token = request.cookies[SESSION_COOKIE];
        if (token) {
          ctx.sessions.delete(token);
          await endSession(library, token);
        }
        clearSessionCookie(reply);
        return { ok: true };
      },
    );

    app.get(
      '/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user',
          response: { 200: UserView, ...errors(401) },
        },
      },
      async (request) => publicUser(userOf(request)),
    );

    app.get(
      '/session',
      {
        schema: {
          tags: ['auth'],
          summary: 'Who is signed in, if anyone (never 401)',
          description:
            "The web app asks this on every visit: a visitor who is not signed in is an answer, not an error (so the browser's console stays clean). API clients may use /me.",
          response: { 200: Session },
        },
      },
      async (request) => ({ user: request.user ? publicUser(request.user) : null }),
    );
  };
}
