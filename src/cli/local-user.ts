import { createUser } from '#library';
import { LinhaiError } from '#model';
import type { App } from '#app';

/** The command line reads as one local reader, "local", made on first use. */
export async function localUserId(app: App): Promise<number> {
  const existing = await app.store.users.getByName('local');
  // Exactly "local": a web account whose name only looks like it ("Local") is not the CLI's.
  if (existing?.name === 'local') return existing.id;
  return (await createUser(app.library, { name: 'local' })).id;
}

/** The reader an import is for: the web account `name` (`--user`), else the command line's. */
export async function importingUserId(app: App, name: string | undefined): Promise<number> {
  if (name === undefined) return localUserId(app);
  const user = await app.store.users.getByName(name);
  if (user === undefined)
    throw new LinhaiError('not-found', `no account named ${name}; check the name`, {
      details: { user: name },
    });
  return user.id;
}
