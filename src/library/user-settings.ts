import { LinhaiError } from '#model';
import { scriptVariants } from './cleaner/index.ts';
import type { ScriptVariant } from './cleaner/index.ts';
import type { LibraryDeps } from './ports.ts';

/** What a reader can set. Unknown keys are refused so a typo does not pass silently. */
export interface UserSettings {
  /** Display script for chapter text (the cleaner's `toScript` applies it). */
  readonly script?: ScriptVariant;
  /** Reader font size in CSS pixels. */
  readonly fontSizePx?: number;
}

const scripts = new Set<string>(scriptVariants);

/** Merges `changes` into the user's settings and returns the result. */
export async function updateUserSettings(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
  changes: Readonly<Record<string, unknown>>,
): Promise<UserSettings> {
  const user = await deps.store.users.get(userId);
  if (user === undefined)
    throw new LinhaiError('not-found', `no user ${userId}`, { details: { userId } });
  for (const [key, value] of Object.entries(changes)) {
    if (key === 'script' && typeof value === 'string' && scripts.has(value)) continue;
    if (key === 'fontSizePx' && typeof value === 'number' && value >= 10 && value <= 48) continue;
    throw new LinhaiError('invalid-input', `setting "${key}" cannot be ${JSON.stringify(value)}`, {
      details: { setting: key },
    });
  }
  const settings = { ...user.settings, ...changes };
  await deps.store.users.updateSettings(userId, settings);
  return settings as UserSettings;
}
