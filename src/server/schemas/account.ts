/*
 * The reader's account and the instance: session, shelf groups, e-reader links, and the
 * administrator's settings (registration, recommendations, public reading, accounts). Schemas
 * only: the web app imports their types (web/src/api/types.ts), so nothing here may import
 * server code.
 */
import { Type } from 'typebox';
import { shelfSorts } from '#model';
import { UserView } from '../schemas.ts';

/** `auto` recommendations draw on other readers' shelves from this many accounts on. */
export const SHARED_RECOMMENDATIONS_MIN_READERS = 20;

export const Session = Type.Object({ user: Type.Union([UserView, Type.Null()]) });

export const Registration = Type.Union([
  Type.Literal('open'),
  Type.Literal('invite'),
  Type.Literal('closed'),
]);

export const Recommendations = Type.Union(
  [Type.Literal('auto'), Type.Literal('on'), Type.Literal('off')],
  {
    description: `whether "recommended" draws on other readers' shelves; auto: from ${SHARED_RECOMMENDATIONS_MIN_READERS} accounts on`,
  },
);

/** Who may register here, and whether no account exists yet (the first becomes admin). */
export const RegistrationInfo = Type.Object({
  registration: Registration,
  firstAccount: Type.Boolean(),
});

export const InstanceSettingsView = Type.Object({
  registration: Registration,
  recommendations: Recommendations,
});

export const Invitation = Type.Object({ code: Type.String(), expiresAt: Type.Number() });

export const Account = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  role: Type.String(),
  createdAt: Type.Number(),
});

export const PublicReading = Type.Object(
  {
    enabled: Type.Boolean({ description: 'anonymous visitors may read (off by default)' }),
    sources: Type.Array(Type.String({ minLength: 1, maxLength: 2_000 }), {
      maxItems: 1_000,
      description: "the public sources' keys (bookSourceUrl): their books are public",
    }),
  },
  { additionalProperties: false },
);

export const ShelfGroup = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  position: Type.Integer({ description: 'its place in your order, from 0' }),
  bookIds: Type.Array(Type.Integer()),
});

export const SyncKeyView = Type.Object({
  enabled: Type.Boolean(),
  kind: Type.Union([Type.Literal('key'), Type.Literal('password'), Type.Null()], {
    description:
      'key: a sync key made by Linhai; password: enabled before sync keys, from the account password (create a key to replace it)',
  }),
  createdAt: Type.Union([Type.Integer(), Type.Null()]),
  hint: Type.Union([Type.String(), Type.Null()], { description: "the key's last 4 characters" }),
});

export const NewSyncKey = Type.Object({
  username: Type.String(),
  key: Type.String(),
  syncKey: SyncKeyView,
});

export const OpdsLink = Type.Object({ token: Type.String(), path: Type.String() });

/** A reader's own settings (`PATCH /api/settings`): how chapters are shown, the shelf order. */
export const ReaderSettings = Type.Object(
  {
    script: Type.Optional(
      Type.Enum(['original', 'simplified', 'traditional', 'taiwan', 'hongkong'] as const, {
        description: 'how chapters are shown: as the source wrote them, zh-Hans or zh-Hant',
      }),
    ),
    fontSize: Type.Optional(Type.Integer({ minimum: 10, maximum: 48 })),
    lineHeight: Type.Optional(Type.Number({ minimum: 1, maximum: 3 })),
    theme: Type.Optional(Type.String({ maxLength: 40 })),
    shelfSort: Type.Optional(
      Type.Enum(shelfSorts, {
        description: 'the shelf order: last read, latest update (newest chapter found), title',
      }),
    ),
  },
  { additionalProperties: false },
);
