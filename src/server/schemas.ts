/*
 * Shared TypeBox schemas: they validate requests, shape responses (Fastify serialises with them)
 * and make the OpenAPI document, so the three cannot drift apart.
 */
import { Type } from 'typebox';
import { boilerplateStatuses } from '#model';

const Opt = <T extends Parameters<typeof Type.Optional>[0]>(schema: T) => Type.Optional(schema);

const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  },
  { $id: 'ErrorResponse', description: 'Every 4xx/5xx answer' },
);

export const Ok = Type.Object({ ok: Type.Boolean() });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const BookIdParams = Type.Object({ bookId: Type.Integer({ minimum: 1 }) });

export const UserView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  role: Type.String(),
  settings: Type.Record(Type.String(), Type.Unknown()),
});

export const Book = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  title: Type.String(),
  author: Type.String(),
  coverUrl: Opt(Type.String()),
  intro: Opt(Type.String()),
  kind: Opt(Type.String()),
  status: Opt(Type.String()),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});

export const PoolMember = Type.Object({
  listingId: Type.Integer(),
  sourceKey: Type.String(),
  sourceName: Type.String(),
  enabled: Type.Boolean(),
  bookUrl: Type.String(),
  chapterCount: Type.Integer(),
  latestTitle: Opt(Type.String()),
  checkedAt: Opt(Type.Number()),
  changedAt: Opt(Type.Number()),
  latencyP50Ms: Opt(Type.Number()),
  errorCount: Type.Integer(),
  lastError: Opt(Type.String()),
  lagMs: Opt(Type.Number({ description: 'behind the first source to show a chapter (ms)' })),
  preferred: Type.Boolean({ description: 'new chapters are served from it first' }),
  chosen: Type.Boolean({
    description: 'a reader made it the preferred source (PUT /books/:id/preferred-source)',
  }),
  storyChapters: Type.Integer({
    description: "the book's story chapters it carries (notes and announcements left out)",
  }),
  behind: Type.Integer({
    description: 'story chapters the fullest source has and this one lacks',
  }),
  nextCheckAt: Opt(Type.Number()),
  checkReason: Opt(Type.String({ description: 'why the chase checks it then' })),
});

export const TocItem = Type.Object({
  key: Type.String(),
  ordinal: Type.Integer(),
  title: Type.String(),
  volumeTitle: Opt(Type.String()),
  isExtra: Type.Boolean(),
  note: Type.Boolean({ description: "an author's note or announcement: not counted as a chapter" }),
  sources: Type.Integer(),
  firstSeenAt: Type.Number(),
});

export const Position = Type.Object({
  chapterKey: Type.String(),
  chapterTitle: Opt(Type.String()),
  anchor: Type.String(),
  offsetChars: Type.Integer(),
  readAt: Type.Number(),
  ordinal: Opt(Type.Integer()),
});

export const ShelfEntry = Type.Object({
  bookId: Type.Integer(),
  bookKey: Type.String(),
  title: Type.String(),
  author: Type.String(),
  coverUrl: Opt(Type.String()),
  addedAt: Type.Number(),
  position: Opt(Position),
  chapterCount: Type.Integer(),
  unreadCount: Type.Integer(),
  latestChapterTitle: Opt(Type.String()),
  latestChapterAt: Opt(Type.Number({ description: 'when its newest chapter was found' })),
  groupIds: Type.Array(Type.Integer(), { description: 'your shelf groups it is in' }),
});

/** A search hit and its merged group, as the search stream and `POST /api/books` carry them. */
export const SearchHit = Type.Object(
  {
    sourceKey: Type.String({ minLength: 1 }),
    sourceName: Type.String(),
    bookUrl: Type.String({ minLength: 1 }),
    name: Type.String(),
    author: Type.String(),
  },
  { additionalProperties: true },
);

export const BookGroup = Type.Object(
  {
    key: Type.String({ minLength: 1 }),
    title: Type.String({ minLength: 1 }),
    author: Type.String(),
    hits: Type.Array(SearchHit, { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: true },
);

export const Source = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  name: Type.String(),
  group: Opt(Type.String()),
  enabled: Type.Boolean(),
  weight: Type.Number(),
  canSearch: Type.Boolean(),
  health: Type.Record(Type.String(), Type.Unknown(), {
    description: 'per request kind (search, info, toc, content): { ok, err, … } counts',
  }),
  latencyP50Ms: Opt(Type.Number()),
});

export const ReplaceRuleBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  group: Opt(Type.String({ maxLength: 200 })),
  pattern: Type.String({ minLength: 1, maxLength: 5000 }),
  replacement: Type.String({ maxLength: 5000, default: '' }),
  isRegex: Type.Boolean({ default: false }),
  scope: Opt(Type.String({ maxLength: 1000 })),
  scopeTitle: Type.Boolean({ default: false }),
  scopeContent: Type.Boolean({ default: true }),
  excludeScope: Opt(Type.String({ maxLength: 1000 })),
  enabled: Type.Boolean({ default: true }),
  timeoutMs: Type.Integer({ minimum: 10, maximum: 10_000, default: 3000 }),
  order: Type.Integer({ default: 0 }),
});

export const ReplaceRule = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  group: Opt(Type.String()),
  pattern: Type.String(),
  replacement: Type.String(),
  isRegex: Type.Boolean(),
  scope: Opt(Type.String()),
  scopeTitle: Type.Boolean(),
  scopeContent: Type.Boolean(),
  excludeScope: Opt(Type.String()),
  enabled: Type.Boolean(),
  timeoutMs: Type.Integer(),
  order: Type.Integer(),
});

export const Boilerplate = Type.Object({
  id: Type.String(),
  sourceKey: Type.String(),
  skeleton: Type.String(),
  example: Type.String(),
  place: Type.String(),
  status: Type.Enum(boilerplateStatuses),
  support: Type.Number(),
  hits: Type.Number(),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});

/** The error answers a route can give, for its `response` schema. */
export function errors(...statuses: number[]): Record<number, typeof ErrorResponse> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorResponse]));
}
