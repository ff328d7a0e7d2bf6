import { createUser } from '#library';
import type { App } from '#app';

/** The command line reads as one local reader, "local", made on first use. */
export async function localUserId(app: App): Promise<number> {
  const existing = await app.store.users.getByName('local');
  if (existing) return existing.id;
  return (await createUser(app.library, { name: 'local' })).id;
}
