import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { LinhaiError } from '#model';
import type { LibraryDeps, UserRecord } from './ports.ts';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
) => Promise<Buffer>;
const KEY_LENGTH = 32;

/**
 * Creates a user. The password, when given, is stored as an scrypt hash
 * (`scrypt$<salt hex>$<key hex>`); a taken name is a `conflict`.
 */
export async function createUser(
  deps: Pick<LibraryDeps, 'store'>,
  input: { readonly name: string; readonly password?: string; readonly role?: 'reader' | 'admin' },
): Promise<UserRecord> {
  const name = input.name.trim();
  // Letters, digits and _ . - in any script: "reader_1", "小明"
  if (!/^[\p{L}\p{N}_.-]{1,64}$/u.test(name)) {
    throw new LinhaiError(
      'invalid-input',
      `"${input.name}" is not a valid user name (letters, digits, _ . -)`,
    );
  }
  if (input.password !== undefined && input.password.length < 8) {
    throw new LinhaiError('invalid-input', 'a password needs at least 8 characters');
  }
  const passwordHash =
    input.password === undefined ? undefined : await hashPassword(input.password);
  return deps.store.users.create({
    name,
    ...(passwordHash === undefined ? {} : { passwordHash }),
    role: input.role ?? 'reader',
  });
}

/**
 * The user when name and password match; `unauthorized` otherwise (same message either way).
 * A name with no account (or no password) is checked against a dummy hash, so both failures cost
 * one scrypt and the answer's timing does not tell which names exist.
 */
export async function verifyUser(
  deps: Pick<LibraryDeps, 'store'>,
  input: { readonly name: string; readonly password: string },
): Promise<UserRecord> {
  const user = await deps.store.users.getByName(input.name.trim());
  const stored = user?.passwordHash ?? (await dummyHash());
  const matches = await checkPassword(input.password, stored);
  if (user?.passwordHash !== undefined && matches) return user;
  throw new LinhaiError('unauthorized', 'wrong user name or password');
}

let dummy: Promise<string> | undefined;
/** A real hash of a random password, made once: what a login for a missing name is checked against. */
function dummyHash(): Promise<string> {
  return (dummy ??= hashPassword(randomBytes(16).toString('hex')));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH);
  return `scrypt$${salt.toString('hex')}$${key.toString('hex')}`;
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, saltHex, keyHex] = stored.split('$');
  if (scheme !== 'scrypt' || saltHex === undefined || keyHex === undefined) return false;
  const expected = Buffer.from(keyHex, 'hex');
  const key = await scryptAsync(password, Buffer.from(saltHex, 'hex'), expected.length);
  return timingSafeEqual(key, expected);
}
