/**
 * Source logins (issue 21), the one home the CLI and the server call: a user's loginUi fields
 * for a source, sealed with the instance key and kept per user and per source, then the source's
 * login script run with them; its cookies land in that user's jar for the source (`loginJar`), not
 * in the source's shared jar. Whose login a call uses: `chooseLogin`.
 */
import { LinhaiError, isLinhaiError } from '#model';
import { createSourceDriver, hasLoginScript, loginFields, loginPageUrl } from '#sources';
import type { BookSource, LoginField, SourceLogin } from '#sources';
import type { Store } from '#store';
import type { Sealer } from './instance-key.ts';
import { fetcherWithJar } from './login-jar.ts';
import { logInOnPage } from './page-login.ts';
import type { PageLoginDeps } from './page-login.ts';

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

/** True when the login is a page for a person (a plain loginUrl): its form, or a pasted cookie. */
export const isPageLogin = (source: BookSource): boolean =>
  !hasLoginScript(source) && loginPageUrl(source) !== undefined;

/** The cookie jar of a user's login to a source: that user's requests with it read and write it. */
const loginJar = (sourceUrl: string, userId: number) => `${sourceUrl}|user:${userId}`;

/** What a source call is for: a reader's own request, or background work on a listed book. */
export interface LoginCall {
  /** The reader the call is made for (their request); their own login or none. */
  readonly userId?: number;
  /** The book page of the listing the call is about (background work on a book). */
  readonly bookUrl?: string;
}

/** A stored login, opened, with the user it belongs to and the jar its cookies live in. */
export interface ChosenLogin {
  readonly userId: number;
  readonly login: SourceLogin;
  readonly cookieJar: string;
}

/**
 * Whose login a call uses (docs/browser-and-logins.md, "Whose login"): a reader's request uses that
 * reader's own login, or none; work on a book without a reader (the chase, prefetch, downloads)
 * uses the login of a reader who follows the book — the most recently saved of theirs; anything
 * else (a search, an explore list) none. A login is never lent to a reader who does not follow the book.
 */
export async function chooseLogin(
  store: Store,
  sealer: () => Sealer,
  sourceUrl: string,
  call: LoginCall,
): Promise<ChosenLogin | undefined> {
  const row =
    call.userId !== undefined
      ? await store.sourceLogins.get(call.userId, sourceUrl)
      : call.bookUrl !== undefined
        ? await store.sourceLogins.ofFollower(sourceUrl, call.bookUrl)
        : undefined;
  if (!row) return undefined;
  const info = JSON.parse(sealer().open(row.sealed, sealContext(row.userId, sourceUrl))) as Record<
    string,
    string
  >;
  return { userId: row.userId, login: { info }, cookieJar: loginJar(sourceUrl, row.userId) };
}

interface LogInSourceDeps {
  store: Store;
  sealer: Sealer;
  /** Makes the source's driver with the given login, its cookies in `cookieJar`. */
  driver(
    source: BookSource,
    login: SourceLogin,
    cookieJar: string,
  ): Promise<{ login(): Promise<void> }>;
  clock: { now(): number };
  /** Logging in on a login page (a plain loginUrl): the guarded client and the cookie jars. */
  page?: PageLoginDeps;
}

/**
 * Saves the user's fields for the source (sealed) and runs its login script with them. Fields
 * that loginUi does not name are refused, so a form cannot smuggle other keys into the script.
 */
export async function logInSource(
  deps: LogInSourceDeps,
  input: { userId: number; source: BookSource; fields: Record<string, string>; cookie?: string },
): Promise<void> {
  const { source } = input;
  if (deps.page && isPageLogin(source)) {
    const cookie = input.cookie?.trim();
    const jar = loginJar(source.bookSourceUrl, input.userId);
    await logInOnPage(deps.page, source, jar, cookie ? { cookie } : { fields: input.fields });
    // Kept like a script login's fields, so the user shows as logged in and the jar is used; the
    // session is in the jar and a page login is not made again by itself, so no secret is kept.
    return keepLogin(deps, input.userId, source, { page: cookie ? 'cookie' : 'form' });
  }
  const { fields, runnable } = loginForm(source);
  if (!runnable) {
    throw new LinhaiError(
      'capability-missing',
      `${source.bookSourceName}: its loginUrl is neither a login script nor a web page Linhai can open`,
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
  const driver = await deps.driver(source, login, loginJar(source.bookSourceUrl, input.userId));
  await driver.login().catch((error: unknown) => {
    throw refusedLogin(source, error) ?? error;
  });
  await keepLogin(deps, input.userId, source, login.info ?? {});
}

async function keepLogin(
  deps: LogInSourceDeps,
  userId: number,
  source: BookSource,
  info: Record<string, string>,
): Promise<void> {
  await deps.store.sourceLogins.put({
    userId,
    sourceUrl: source.bookSourceUrl,
    sealed: deps.sealer.seal(JSON.stringify(info), sealContext(userId, source.bookSourceUrl)),
    updatedAt: deps.clock.now(),
  });
}

/** The site turned the fields down (401/403 from its login): said so, as the user's to fix. */
function refusedLogin(source: BookSource, error: unknown): LinhaiError | undefined {
  if (!isLinhaiError(error, 'net-http-status')) return undefined;
  const status = error.details['status'];
  if (status !== 401 && status !== 403) return undefined;
  return new LinhaiError(
    'invalid-input',
    `${source.bookSourceName}: the site refused this login (HTTP ${String(status)}); check the fields and try again`,
    { details: { source: source.bookSourceUrl, status }, cause: error },
  );
}

/** Makes a driver for `source` over the app's parts (used by logInSource). */
export function loginDriverFactory(parts: {
  fetcher: Parameters<typeof createSourceDriver>[0]['fetcher'];
  /** The source's own sandbox context (no source sees another's globals). */
  sandbox: (sourceUrl: string) => Promise<Parameters<typeof createSourceDriver>[0]['sandbox']>;
}): LogInSourceDeps['driver'] {
  return async (source, login, cookieJar) => {
    const sandbox = await parts.sandbox(source.bookSourceUrl);
    return createSourceDriver({
      source,
      fetcher: fetcherWithJar(parts.fetcher, cookieJar),
      login,
      ...(sandbox ? { sandbox } : {}),
    });
  };
}
