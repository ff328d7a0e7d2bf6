import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SharedDocuments } from '../ports.ts';
import { keyedDocuments, migrateLegacyDocument } from './keyed-documents.ts';

/** One KOReader progress push, kept as sent so a pull gives the same device the same numbers. */
interface KosyncRecord {
  readonly progress: string;
  readonly percentage: number;
  readonly device: string;
  readonly deviceId: string;
  /** Seconds since the epoch, as kosync reports it. */
  readonly timestamp: number;
  /** When the push was saved as the Linhai position, if it was (a later one is the web reader's). */
  readonly linhaiReadAt: number | undefined;
}

/** Pushes kept per user (the oldest go first): one reader's pushes are bounded. */
export const MAX_PUSHES_PER_USER = 200;

/**
 * A user's KOReader sync key, stored hashed. `key`: a random key Linhai made (KOReader sends its
 * MD5, stored as SHA-256 of that MD5: the key is random, a fast hash is enough). `password`: a
 * key enabled before sync keys existed, which KOReader derives from the account password (its
 * MD5, kept as a salted scrypt hash of that MD5) — it keeps working until replaced or revoked.
 */
export interface SyncKey {
  readonly kind: 'key' | 'password';
  readonly hash: string;
  readonly salt?: string;
  readonly createdAt: number;
  /** The key's last four characters, so a reader can tell which key a device has. */
  readonly hint?: string;
}

/** What is stored per user (`reader-devices:<userId>`). */
interface UserDevices {
  opdsToken?: string;
  kosync?: SyncKey;
}

/** The document of a user's pushes (`kosync-progress:<userId>`), by slot (book or document). */
interface UserPushes {
  pushes: Record<string, KosyncRecord>;
}

/** The single document every user's state lived in before (and its seed file). */
interface LegacyFile {
  tokens: Record<string, string>;
  kosyncKeys: Record<string, string>;
  progress: Record<string, KosyncRecord>;
}

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: string,
  keylen: number,
) => Promise<Buffer>;

/** Sync-key characters: no look-alikes (0/o, 1/l/i), easy to type on an e-reader's keyboard. */
const KEY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * The e-reader side of accounts: OPDS URL tokens, KOReader sync keys and KOReader's last pushes.
 * Each user's state is a document of its own (`reader-devices:<id>`, `kosync-progress:<id>`),
 * and each token is found through its hash (`opds-token:<sha256>`), so no request reads another
 * user's data. In the installation's shared documents, so every server process sees one state.
 */
export class ReaderCredentials {
  readonly #documents: SharedDocuments;
  readonly #migrated: Promise<void>;
  readonly #now: () => number;

  constructor(
    dataDir: string | undefined,
    documents: SharedDocuments | undefined,
    now: () => number,
  ) {
    this.#documents = keyedDocuments(documents);
    this.#now = now;
    this.#migrated = migrateLegacyDocument<LegacyFile>(
      documents,
      {
        file: dataDir === undefined ? undefined : join(dataDir, 'reader-devices.json'),
        name: 'reader-devices',
        empty: () => ({ tokens: {}, kosyncKeys: {}, progress: {} }),
      },
      (old) => this.#split(old),
    );
    // Awaited by every use; this keeps a failure from being reported as unhandled meanwhile.
    this.#migrated.catch(() => undefined);
  }

  /** The user's OPDS token, made on first ask. */
  async opdsToken(userId: number): Promise<string> {
    const known = (await this.#devices(userId)).opdsToken;
    return known ?? this.renewOpdsToken(userId);
  }

  /** A new OPDS token; the old URL stops working. */
  async renewOpdsToken(userId: number): Promise<string> {
    const token = randomBytes(18).toString('base64url');
    await this.#setToken(userId, token);
    return token;
  }

  /** The user a token belongs to. */
  async userOfToken(token: string): Promise<number | undefined> {
    await this.#migrated;
    const found = (await this.#documents.get(tokenDocument(token))) as
      { userId?: number } | undefined;
    if (found?.userId === undefined) return undefined;
    const current = (await this.#devices(found.userId)).opdsToken;
    return current !== undefined && same(current, token) ? found.userId : undefined;
  }

  /**
   * A new KOReader sync key for the user, replacing any earlier one (the devices using it must
   * be given the new one). Returned once: only its hash is kept.
   */
  async createSyncKey(userId: number): Promise<{ key: string; syncKey: SyncKey }> {
    const key = Array.from({ length: 4 }, () =>
      Array.from({ length: 4 }, () => KEY_ALPHABET[randomInt(KEY_ALPHABET.length)]).join(''),
    ).join('-');
    const syncKey: SyncKey = {
      kind: 'key',
      hash: sha256(md5(key)),
      createdAt: this.#now(),
      hint: key.slice(-4),
    };
    await this.#updateDevices(userId, (devices) => {
      devices.kosync = syncKey;
    });
    return { key, syncKey };
  }

  /** Revokes the user's sync key: every device using it is refused from now on. */
  async revokeSyncKey(userId: number): Promise<void> {
    await this.#updateDevices(userId, (devices) => {
      delete devices.kosync;
    });
  }

  async syncKey(userId: number): Promise<SyncKey | undefined> {
    return (await this.#devices(userId)).kosync;
  }

  /** Whether `presented` (KOReader's `x-auth-key`: the MD5 of what was typed) is the user's key. */
  async checkSyncKey(userId: number, presented: string): Promise<boolean> {
    const known = await this.syncKey(userId);
    if (known === undefined) return false;
    const md5Hex = presented.trim().toLowerCase();
    if (known.kind === 'key') return same(known.hash, sha256(md5Hex));
    const hash = await scryptAsync(md5Hex, known.salt ?? '', 32);
    return same(known.hash, hash.toString('hex'));
  }

  /** The last push kept in `slot` (a book, or a document Linhai does not know). */
  async lastPush(userId: number, slot: string): Promise<KosyncRecord | undefined> {
    await this.#migrated;
    const doc = (await this.#documents.get(pushesDocument(userId))) as UserPushes | undefined;
    return doc?.pushes[slot];
  }

  /** Keeps a push in `slot`; past `MAX_PUSHES_PER_USER` slots the least recent is dropped. */
  async savePush(userId: number, slot: string, record: KosyncRecord): Promise<void> {
    await this.#migrated;
    await this.#documents.update(pushesDocument(userId), (current) => {
      const doc = (current as UserPushes | undefined) ?? { pushes: {} };
      doc.pushes[slot] = record;
      const slots = Object.entries(doc.pushes);
      if (slots.length > MAX_PUSHES_PER_USER) {
        slots.sort(([, a], [, b]) => a.timestamp - b.timestamp);
        for (const [old] of slots.slice(0, slots.length - MAX_PUSHES_PER_USER))
          delete doc.pushes[old];
      }
      return doc;
    });
  }

  async #devices(userId: number): Promise<UserDevices> {
    await this.#migrated;
    return ((await this.#documents.get(devicesDocument(userId))) as UserDevices | undefined) ?? {};
  }

  async #updateDevices(userId: number, change: (devices: UserDevices) => void): Promise<void> {
    await this.#migrated;
    await this.#documents.update(devicesDocument(userId), (current) => {
      const devices = (current as UserDevices | undefined) ?? {};
      change(devices);
      return devices;
    });
  }

  async #setToken(userId: number, token: string): Promise<void> {
    let old: string | undefined;
    await this.#updateDevices(userId, (devices) => {
      old = devices.opdsToken;
      devices.opdsToken = token;
    });
    await this.#documents.update(tokenDocument(token), () => ({ userId }));
    if (old !== undefined) await this.#documents.update(tokenDocument(old), () => ({}));
  }

  /** The one document of the older versions, spread over the per-user documents. */
  async #split(old: LegacyFile): Promise<void> {
    const write = (name: string, change: (current: unknown) => unknown) =>
      this.#documents.update(name, change);
    for (const [userId, token] of Object.entries(old.tokens ?? {})) {
      await write(devicesDocument(+userId), (c) => ({ ...(c as object), opdsToken: token }));
      await write(tokenDocument(token), () => ({ userId: +userId }));
    }
    // The MD5 of the password KOReader sends: kept working, but never again stored as it is.
    for (const [userId, md5Hex] of Object.entries(old.kosyncKeys ?? {})) {
      const salt = randomBytes(16).toString('hex');
      const hash = (await scryptAsync(md5Hex.toLowerCase(), salt, 32)).toString('hex');
      const kosync: SyncKey = { kind: 'password', hash, salt, createdAt: this.#now() };
      await write(devicesDocument(+userId), (c) => ({ ...(c as object), kosync }));
    }
    const byUser = new Map<number, Record<string, KosyncRecord>>();
    for (const [key, record] of Object.entries(old.progress ?? {})) {
      // "12:3f2a…" → user 12, document "3f2a…"
      const colon = key.indexOf(':');
      const userId = Number(key.slice(0, colon));
      if (!Number.isInteger(userId)) continue;
      const pushes = byUser.get(userId) ?? {};
      pushes[documentSlot(key.slice(colon + 1))] = record;
      byUser.set(userId, pushes);
    }
    for (const [userId, pushes] of byUser) {
      const kept = Object.entries(pushes)
        .sort(([, a], [, b]) => b.timestamp - a.timestamp)
        .slice(0, MAX_PUSHES_PER_USER);
      await write(pushesDocument(userId), () => ({ pushes: Object.fromEntries(kept) }));
    }
  }
}

/** Where pushes for a book Linhai knows go (every digest of its files shares one). */
export function bookSlot(bookId: number): string {
  return `book:${bookId}`;
}

/** Where pushes for a document Linhai does not know go, as a plain sync server keeps them. */
export function documentSlot(document: string): string {
  return `document:${document.toLowerCase()}`;
}

const devicesDocument = (userId: number) => `reader-devices:${userId}`;
const pushesDocument = (userId: number) => `kosync-progress:${userId}`;
const tokenDocument = (token: string) => `opds-token:${sha256(token)}`;

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Constant-time comparison of two strings. */
function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
