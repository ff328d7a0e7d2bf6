/**
 * The instance key: what seals secrets the store keeps (source logins) with AES-256-GCM. From
 * `LINHAI_INSTANCE_KEY` (base64 of 32 bytes; every process of a scale-out installation sets the
 * same), else the file `instance.key` in the data folder, created with 32 random bytes (mode 0600)
 * on first use. Lose the key and the sealed logins cannot be opened: users log in again.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LinhaiError } from '#model';

export interface Sealer {
  /** Seals `plain`, bound to `context` (e.g. "user 3 / https://site/"): opening needs both. */
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
}

const version = 'v1';

export function instanceKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.LINHAI_INSTANCE_KEY?.trim();
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) {
      throw new LinhaiError(
        'invalid-input',
        'LINHAI_INSTANCE_KEY must be 32 bytes in base64 (make one: openssl rand -base64 32)',
      );
    }
    return key;
  }
  const file = join(dataDir, 'instance.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    // 'wx': two processes starting at once do not overwrite each other's key.
    try {
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) {
    throw new LinhaiError('invalid-input', `${file} does not hold a 32-byte base64 key`);
  }
  return key;
}

export function createSealer(key: Buffer): Sealer {
  return {
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url'));
      return [version, ...parts].join('.');
    },
    open(sealed, context) {
      const [v, iv, tag, data] = sealed.split('.');
      if (v !== version || !iv || !tag || data === undefined) {
        throw new LinhaiError('invalid-input', 'a sealed value in an unknown format');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const plain = Buffer.concat([
          decipher.update(Buffer.from(data, 'base64url')),
          decipher.final(),
        ]);
        return plain.toString('utf8');
      } catch (cause) {
        throw new LinhaiError(
          'invalid-input',
          'a sealed login cannot be opened with this instance key (the key changed?): log the source in again',
          { cause },
        );
      }
    },
  };
}
