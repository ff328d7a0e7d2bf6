import { LinhaiError } from '#model';
import { scriptVariants } from './cleaner/index.ts';
import type { ScriptVariant } from './cleaner/index.ts';
import { shelfSorts } from './manage-shelf.ts';
import type { ShelfSort } from './manage-shelf.ts';
import type { LibraryDeps } from './ports.ts';

/**
 * What a reader can set, kept with their account so every device shows the same. The one list
 * of keys: `PATCH /api/settings` and every other caller change settings through
 * `updateUserSettings`. Unknown keys are refused so a typo does not pass silently.
 */
export interface UserSettings {
  /** Display script for chapter text (the cleaner's `toScript` applies it). */
  readonly script?: ScriptVariant;
  /** Reader font size in CSS pixels (10–48). */
  readonly fontSize?: number;
  /** Reader line height, a multiple of the font size (1–3). */
  readonly lineHeight?: number;
  /** The reader's colour theme, by name (the web app's own names; at most 40 characters). */
  readonly theme?: string;
  /** How the shelf is ordered: last read, latest update (newest chapter found) or title. */
  readonly shelfSort?: ShelfSort;
}

const scripts = new Set<string>(scriptVariants);

/** Each setting's check: whether `value` is a value it may take. */
const valid: Readonly<Record<keyof UserSettings, (value: unknown) => boolean>> = {
  script: (value) => typeof value === 'string' && scripts.has(value),
  fontSize: (value) =>
    Number.isInteger(value) && (value as number) >= 10 && (value as number) <= 48,
  lineHeight: (value) => typeof value === 'number' && value >= 1 && value <= 3,
  theme: (value) => typeof value === 'string' && value.length <= 40,
  shelfSort: (value) => (shelfSorts as readonly unknown[]).includes(value),
};

/**
 * Merges `changes` into the user's settings and returns the result (with any key stored before
 * this list existed, kept as it was).
 */
export async function updateUserSettings(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
  changes: Readonly<Record<string, unknown>>,
): Promise<UserSettings & Readonly<Record<string, unknown>>> {
  const user = await deps.store.users.get(userId);
  if (user === undefined)
    throw new LinhaiError('not-found', `no user ${userId}`, { details: { userId } });
  for (const [key, value] of Object.entries(changes)) {
    if (Object.hasOwn(valid, key) && valid[key as keyof UserSettings](value)) continue;
    throw new LinhaiError('invalid-input', `setting "${key}" cannot be ${JSON.stringify(value)}`, {
      details: { setting: key },
    });
  }
  const settings = { ...user.settings, ...changes };
  await deps.store.users.updateSettings(userId, settings);
  return settings;
}
