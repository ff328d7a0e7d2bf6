import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { JsonFile } from './json-file.ts';
import type { SharedDocuments } from '../ports.ts';

/** One KOReader progress push, kept as sent so a pull gives the same device the same numbers. */
export interface KosyncRecord {
  readonly progress: string;
  readonly percentage: number;
  readonly device: string;
  readonly deviceId: string;
  /** Seconds since the epoch, as kosync reports it. */
  readonly timestamp: number;
  /** When the push was saved as the Linhai position, if it was (a later one is the web reader's). */
  readonly linhaiReadAt: number | undefined;
}

interface CredentialsFile {
  /** User id → OPDS URL token. */
  tokens: Record<string, string>;
  /** User id → the MD5 hex KOReader presents as `x-auth-key` (only for users who enabled it). */
  kosyncKeys: Record<string, string>;
  /** `userId:document` → the last push. */
  progress: Record<string, KosyncRecord>;
}

/**
 * The e-reader side of accounts: OPDS URL tokens, KOReader sync keys and KOReader's last pushes.
 * Kept in `<dataDir>/reader-devices.json` (the server's own state, like instance settings) so the
 * secrets never appear in the user settings the REST API returns.
 */
export class ReaderCredentials {
  readonly #file: JsonFile<CredentialsFile>;

  constructor(dataDir: string | undefined, documents?: SharedDocuments) {
    this.#file = new JsonFile(
      dataDir === undefined ? undefined : join(dataDir, 'reader-devices.json'),
      () => ({ tokens: {}, kosyncKeys: {}, progress: {} }),
      { documents, name: 'reader-devices' },
    );
  }

  /** The user's OPDS token, made on first ask. */
  async opdsToken(userId: number): Promise<string> {
    const known = (await this.#file.read()).tokens[userId];
    if (known !== undefined) return known;
    let token = '';
    await this.#file.update((state) => {
      token = state.tokens[userId] ??= randomBytes(18).toString('base64url');
    });
    return token;
  }

  /** A new OPDS token; the old URL stops working. */
  async renewOpdsToken(userId: number): Promise<string> {
    const token = randomBytes(18).toString('base64url');
    await this.#file.update((state) => {
      state.tokens[userId] = token;
    });
    return token;
  }

  /** The user a token belongs to. */
  async userOfToken(token: string): Promise<number | undefined> {
    const { tokens } = await this.#file.read();
    for (const [userId, known] of Object.entries(tokens)) if (same(known, token)) return +userId;
    return undefined;
  }

  /** Enables KOReader sync with the MD5 of `password`, which is what KOReader sends. */
  async enableKosync(userId: number, password: string): Promise<void> {
    const key = createHash('md5').update(password).digest('hex');
    await this.#file.update((state) => {
      state.kosyncKeys[userId] = key;
    });
  }

  async disableKosync(userId: number): Promise<void> {
    await this.#file.update((state) => {
      delete state.kosyncKeys[userId];
    });
  }

  /** Whether `key` is the user's KOReader key (false when sync is not enabled). */
  async checkKosyncKey(userId: number, key: string): Promise<boolean> {
    const known = (await this.#file.read()).kosyncKeys[userId];
    return known !== undefined && same(known, key.toLowerCase());
  }

  async kosyncEnabled(userId: number): Promise<boolean> {
    return (await this.#file.read()).kosyncKeys[userId] !== undefined;
  }

  async lastPush(userId: number, document: string): Promise<KosyncRecord | undefined> {
    return (await this.#file.read()).progress[`${userId}:${document}`];
  }

  async savePush(userId: number, document: string, record: KosyncRecord): Promise<void> {
    await this.#file.update((state) => {
      state.progress[`${userId}:${document}`] = record;
    });
  }
}

/** Constant-time comparison of two strings. */
function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
