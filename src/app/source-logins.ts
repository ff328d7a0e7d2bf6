/**
 * Source logins (issue 21), the one home the CLI and the server call: a user's loginUi fields
 * for a source, sealed with the instance key and kept per user and per source, then the source's
 * login script run with them (its cookies land in the source's jar, shared by every user of the
 * instance, as the jar is per source). Background work uses the latest login saved for a source.
 */
import { LinhaiError } from '#model';
import { createSourceDriver, hasLoginScript, loginFields } from '#sources';
import type { BookSource, LoginField, SourceLogin } from '#sources';
import type { Store } from '#store';
import type { Sealer } from './instance-key.ts';

/** The context a login is sealed under: it opens only as the row it was written for. */
const sealContext = (userId: number, sourceUrl: string) => `source-login|${userId}|${sourceUrl}`;

/** True when the source has anything to log in with (the static scan's `login`). */
export function wantsLogin(source: BookSource): boolean {
  return [source.loginUrl, source.loginUi, source.loginCheckJs].some((v) => !!v?.trim());
}

/** The form a user fills for the source (loginUi), and whether Linhai can run its login. */
export function loginForm(source: BookSource): { fields: LoginField[]; runnable: boolean } {
  return { fields: loginFields(source), runnable: hasLoginScript(source) };
}

/** The latest saved login for a source, opened; undefined when none. */
export async function storedLogin(
  store: Store,
  sealer: () => Sealer,
  sourceUrl: string,
): Promise<SourceLogin | undefined> {
  const row = await store.sourceLogins.latest(sourceUrl);
  if (!row) return undefined;
  const info = JSON.parse(sealer().open(row.sealed, sealContext(row.userId, sourceUrl))) as Record<
    string,
    string
  >;
  return { info };
}

export interface LogInSourceDeps {
  store: Store;
  sealer: Sealer;
  /** Makes the source's driver with the given login (the app's network, sandbox and browser). */
  driver(source: BookSource, login: SourceLogin): Promise<{ login(): Promise<void> }>;
  clock: { now(): number };
}

/**
 * Saves the user's fields for the source (sealed) and runs its login script with them. Fields
 * that loginUi does not name are refused, so a form cannot smuggle other keys into the script.
 */
export async function logInSource(
  deps: LogInSourceDeps,
  input: { userId: number; source: BookSource; fields: Record<string, string> },
): Promise<void> {
  const { source } = input;
  const { fields, runnable } = loginForm(source);
  if (!runnable) {
    throw new LinhaiError(
      'capability-missing',
      `${source.bookSourceName}: its loginUrl is a page for a person to log in, which Linhai does not run`,
      { details: { capability: 'login', source: source.bookSourceUrl } },
    );
  }
  const names = new Set(fields.filter((f) => f.type !== 'button').map((f) => f.name));
  const unknown = Object.keys(input.fields).filter((k) => !names.has(k));
  if (unknown.length > 0) {
    throw new LinhaiError(
      'invalid-input',
      `${source.bookSourceName}: its login form has no field ${unknown.join(', ')} (it has ${[...names].join(', ') || 'none'})`,
      { details: { source: source.bookSourceUrl } },
    );
  }
  const login: SourceLogin = { info: { ...input.fields } };
  // The login runs first: fields that do not log in are not kept.
  await (await deps.driver(source, login)).login();
  await deps.store.sourceLogins.put({
    userId: input.userId,
    sourceUrl: source.bookSourceUrl,
    sealed: deps.sealer.seal(
      JSON.stringify(login.info),
      sealContext(input.userId, source.bookSourceUrl),
    ),
    updatedAt: deps.clock.now(),
  });
}

/** Makes a driver for `source` over the app's parts (used by logInSource). */
export function loginDriverFactory(parts: {
  fetcher: Parameters<typeof createSourceDriver>[0]['fetcher'];
  /** The source's own sandbox context (no source sees another's globals). */
  sandbox: (sourceUrl: string) => Promise<Parameters<typeof createSourceDriver>[0]['sandbox']>;
}): LogInSourceDeps['driver'] {
  return async (source, login) => {
    const sandbox = await parts.sandbox(source.bookSourceUrl);
    return createSourceDriver({
      source,
      fetcher: parts.fetcher,
      login,
      ...(sandbox ? { sandbox } : {}),
    });
  };
}
