import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Static } from 'typebox';
import { LinhaiError } from '#model';
import { importReplaceRules, replaceRuleFields } from '#library';
import type { ServerContext } from '../context.ts';
import type { ReplaceRuleFields } from '../ports.ts';
import { IdParams, Ok, ReplaceRule, ReplaceRuleBody, errors } from '../schemas.ts';
import { adminOf } from '../session-auth.ts';

function toFields(body: Static<typeof ReplaceRuleBody>): ReplaceRuleFields {
  return {
    name: body.name,
    group: body.group,
    pattern: body.pattern,
    replacement: body.replacement,
    isRegex: body.isRegex,
    scope: body.scope,
    scopeTitle: body.scopeTitle,
    scopeContent: body.scopeContent,
    excludeScope: body.excludeScope,
    enabled: body.enabled,
    timeoutMs: body.timeoutMs,
    order: body.order,
  };
}

/** Replace rules (Legado 净化规则), for administrators: list, create, update, delete, import. */
export function replaceRuleRoutes(ctx: ServerContext): FastifyPluginAsyncTypebox {
  const { store } = ctx.deps;
  const tags = ['replace rules (admin)'];
  return async (app) => {
    app.get(
      '/replace-rules',
      {
        schema: {
          tags,
          summary: 'Every replace rule, in order',
          response: { 200: Type.Array(ReplaceRule), ...errors(401, 403) },
        },
      },
      async (request) => {
        adminOf(request);
        return store.replaceRules.list();
      },
    );

    app.post(
      '/replace-rules',
      {
        schema: {
          tags,
          summary: 'Create a replace rule',
          body: ReplaceRuleBody,
          response: { 201: ReplaceRule, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        adminOf(request);
        const rule = await store.replaceRules.add(toFields(request.body));
        ctx.displayRules.changed();
        return reply.code(201).send(rule);
      },
    );

    app.post(
      '/replace-rules/import',
      {
        schema: {
          tags,
          summary: 'Import replace rules from Legado JSON',
          body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 5_000_000 }) }),
          response: { 200: Type.Object({ imported: Type.Integer() }), ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        adminOf(request);
        const rules = importReplaceRules(request.body.text);
        for (const rule of rules) await store.replaceRules.add(replaceRuleFields(rule));
        ctx.displayRules.changed();
        return { imported: rules.length };
      },
    );

    app.put(
      '/replace-rules/:id',
      {
        schema: {
          tags,
          summary: 'Replace a rule',
          params: IdParams,
          body: ReplaceRuleBody,
          response: { 200: ReplaceRule, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        adminOf(request);
        const { id } = request.params;
        if (!(await store.replaceRules.list()).some((r) => r.id === id))
          throw new LinhaiError('not-found', `no replace rule ${id}`, { details: { ruleId: id } });
        await store.replaceRules.update(id, toFields(request.body));
        ctx.displayRules.changed();
        return { id, ...toFields(request.body) };
      },
    );

    app.delete(
      '/replace-rules/:id',
      {
        schema: {
          tags,
          summary: 'Delete a rule',
          params: IdParams,
          response: { 200: Ok, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        adminOf(request);
        await store.replaceRules.remove(request.params.id);
        ctx.displayRules.changed();
        return { ok: true };
      },
    );
  };
}
