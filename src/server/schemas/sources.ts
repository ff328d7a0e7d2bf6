/*
 * Book sources, for administrators: what an import reports, a step-by-step test, a login form.
 * Schemas only: the web app imports their types (web/src/api/types.ts), so nothing here may
 * import server code.
 */
import { Type } from 'typebox';

export const SourceImportBody = Type.Object({
  text: Type.Optional(
    Type.String({ minLength: 1, maxLength: 20_000_000, description: 'Legado JSON' }),
  ),
  url: Type.Optional(
    Type.String({ pattern: '^https?://', maxLength: 2000, description: 'where to fetch the JSON' }),
  ),
});

export const SourceImportReport = Type.Object({
  imported: Type.Integer(),
  report: Type.Array(Type.Unknown()),
  errors: Type.Array(Type.Unknown()),
  warnings: Type.Array(Type.String()),
  sourceUrls: Type.Array(Type.String(), {
    description: 'the collections the file listed (`sourceUrls`), fetched and imported with it',
  }),
});

const StepError = Type.Object(
  { code: Type.String(), message: Type.String() },
  { additionalProperties: true },
);

export const SourceStep = Type.Object({
  step: Type.Union(
    [Type.Literal('search'), Type.Literal('info'), Type.Literal('toc'), Type.Literal('content')],
    { description: 'search, info, toc or content' },
  ),
  ok: Type.Boolean(),
  ms: Type.Number(),
  summary: Type.String(),
  count: Type.Optional(
    Type.Integer({ description: 'results, TOC entries or characters the step found' }),
  ),
  error: Type.Optional(StepError),
});

export const SourceTest = Type.Object({
  ok: Type.Boolean(),
  query: Type.String(),
  hits: Type.Integer(),
  elapsedMs: Type.Number(),
  sample: Type.Array(
    Type.Object({ name: Type.String(), author: Type.String(), bookUrl: Type.String() }),
  ),
  error: Type.Optional(StepError),
  steps: Type.Array(SourceStep, {
    description: 'search → info → TOC → first chapter, each timed; stops at the first failure',
  }),
});

export const LoginForm = Type.Object({
  fields: Type.Array(
    Type.Object({
      name: Type.String(),
      type: Type.Union([Type.Literal('text'), Type.Literal('password'), Type.Literal('button')]),
    }),
    {
      description:
        "the source's loginUi fields, or the fields of its login page's form, as a form shows them",
    },
  ),
  runnable: Type.Boolean({
    description: 'false when Linhai cannot log this source in (a loginUrl it cannot run)',
  }),
  page: Type.Boolean({
    description:
      'true when loginUrl is a page for a person: its form is filled server-side, or a Cookie header pasted from your browser is kept (`cookie`)',
  }),
  loggedIn: Type.Boolean({ description: 'whether this administrator has a stored login' }),
});

/** An administrator's raised politeness budget (robots.txt still applies). A PUT replaces the
 *  whole budget: a limit left out keeps the host default. The limits are #app's
 *  raisedBudgetLimits, which \`linhai sources budget\` checks too. (No null: with the server's
 *  type coercion a 0 would turn into it.) */
export const SourceBudgetBody = Type.Object(
  {
    concurrency: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 64, description: 'requests in flight at once' }),
    ),
    minIntervalMs: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 60_000, description: 'least ms between request starts' }),
    ),
  },
  { additionalProperties: false },
);

export const SourceBudget = Type.Object({
  source: Type.String({ description: "the source's URL" }),
  budget: Type.Union([
    Type.Object({
      concurrency: Type.Union([Type.Integer(), Type.Null()]),
      minIntervalMs: Type.Union([Type.Integer(), Type.Null()]),
      updatedAt: Type.Number(),
    }),
    Type.Null(),
  ]),
});
