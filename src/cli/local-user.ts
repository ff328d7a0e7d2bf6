import { createUser } from '#library';
import type { App } from '#app';

/** The command line reads as one local reader, "local", made on first use. */
export async function localUserId(app: App): Promise<number> {
  const existing = await app.store.users.getByName('local');
  // Exactly "local": a web account whose name only looks like it ("Local") is not the CLI's.
  if (existing?.name === 'local') return existing.id;
  return (await createUser(app.library, { name: 'local' })).id;
}
