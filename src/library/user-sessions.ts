import { createHash, randomBytes } from 'node:crypto';
import { LinhaiError } from '#model';
import { verifyUser } from './create-user.ts';
import type { LibraryDeps, UserRecord } from './ports.ts';

const DEFAULT_TTL_MS = 30 * 24 * 3_600_000;

/** A login: the token goes to the client (a cookie); only its hash is stored. */
export interface StartedSession {
  readonly token: string;
  readonly user: UserRecord;
  readonly expiresAt: number;
}

/** Checks name and password and opens a session (`unauthorized` when they do not match). */
export async function startSession(
  deps: Pick<LibraryDeps, 'store' | 'clock'>,
  credentials: { readonly name: string; readonly password: string },
  options: { readonly ttlMs?: number } = {},
): Promise<StartedSession> {
  const user = await verifyUser(deps, credentials);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = deps.clock.now() + (options.ttlMs ?? DEFAULT_TTL_MS);
  await deps.store.sessions.create({ id: tokenHash(token), userId: user.id, expiresAt });
  return { token, user, expiresAt };
}

/** The user a session token belongs to; `unauthorized` when unknown or expired. */
export async function resolveSession(
  deps: Pick<LibraryDeps, 'store' | 'clock'>,
  token: string,
): Promise<UserRecord> {
  const session = await deps.store.sessions.get(tokenHash(token), deps.clock.now());
  const user = session && (await deps.store.users.get(session.userId));
  if (user === undefined)
    throw new LinhaiError('unauthorized', 'the session is unknown or has expired; log in again');
  return user;
}

/** Logs out: the token stops working at once. */
export async function endSession(deps: Pick<LibraryDeps, 'store'>, token: string): Promise<void> {
  await deps.store.sessions.remove(tokenHash(token));
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
