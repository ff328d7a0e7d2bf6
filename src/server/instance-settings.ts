import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { LinhaiError } from '#model';
import { JsonFile } from './opds/json-file.ts';
import type { SharedDocuments } from './ports.ts';

type RegistrationMode = 'open' | 'invite' | 'closed';

export interface Invitation {
  /** sha256 of the code: the code itself is shown once, to the administrator who made it. */
  readonly codeHash: string;
  readonly createdBy: number;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedBy?: number;
}

/** Public reading (off by default): anonymous visitors read the books of these sources. */
export interface PublicReading {
  readonly enabled: boolean;
  /** The public sources' keys (`bookSourceUrl`). */
  readonly sources: readonly string[];
}

/**
 * Whether `/api/lists/recommended` draws on other readers' shelves. `auto` (the default): only
 * once the instance has `SHARED_RECOMMENDATIONS_MIN_READERS` accounts, because on a small
 * instance "readers of your books also keep…" is one named person's shelf.
 */
type RecommendationsMode = 'auto' | 'on' | 'off';
export { SHARED_RECOMMENDATIONS_MIN_READERS } from './schemas/account.ts';

interface SettingsFile {
  registration: RegistrationMode;
  /** Absent in files written before the setting existed: auto. */
  recommendations?: RecommendationsMode;
  invitations: Invitation[];
  /** Absent in files written before public reading existed: off. */
  publicReading?: PublicReading;
}

const INVITE_TTL_MS = 14 * 24 * 3_600_000;

/**
 * The instance's own settings (registration mode, invitation codes): they are the server's, not
 * the library's, and few. In the installation's shared documents when the server has them (every
 * server process sees the same), else a small JSON file in the data directory; memory only
 * without either.
 */
export class InstanceSettings {
  readonly #file: JsonFile<SettingsFile>;

  constructor(dataDir: string | undefined, documents?: SharedDocuments) {
    this.#file = new JsonFile<SettingsFile>(
      dataDir === undefined ? undefined : join(dataDir, 'server-settings.json'),
      () => ({ registration: 'invite', invitations: [] }),
      { documents, name: 'server-settings' },
    );
  }

  async registration(): Promise<RegistrationMode> {
    return (await this.#load()).registration;
  }

  async setRegistration(mode: RegistrationMode): Promise<void> {
    await this.#update((state) => {
      state.registration = mode;
    });
  }

  async recommendations(): Promise<RecommendationsMode> {
    return (await this.#load()).recommendations ?? 'auto';
  }

  async setRecommendations(mode: RecommendationsMode): Promise<void> {
    await this.#update((state) => {
      state.recommendations = mode;
    });
  }

  async publicReading(): Promise<PublicReading> {
    return (await this.#load()).publicReading ?? { enabled: false, sources: [] };
  }

  async setPublicReading(value: PublicReading): Promise<void> {
    await this.#update((state) => {
      state.publicReading = { enabled: value.enabled, sources: [...new Set(value.sources)] };
    });
  }

  /** A new invitation code (returned once; only its hash is kept). */
  async invite(createdBy: number, now: number): Promise<{ code: string; expiresAt: number }> {
    const code = randomBytes(12).toString('base64url');
    const expiresAt = now + INVITE_TTL_MS;
    await this.#update((state) => {
      state.invitations = state.invitations.filter((i) => i.expiresAt > now);
      state.invitations.push({ codeHash: hash(code), createdBy, createdAt: now, expiresAt });
    });
    return { code, expiresAt };
  }

  async invitations(now: number): Promise<Invitation[]> {
    return (await this.#load()).invitations.filter((i) => i.expiresAt > now || i.usedBy);
  }

  /** Marks a code used; `forbidden` when it is unknown, used or expired. */
  async redeem(code: string, userId: number, now: number): Promise<void> {
    await this.#update((state) => {
      const found = state.invitations.find((i) => i.codeHash === hash(code));
      if (found === undefined || found.usedBy !== undefined || found.expiresAt <= now)
        throw new LinhaiError('forbidden', 'the invitation code is unknown, used or expired');
      state.invitations = state.invitations.map((i) =>
        i === found ? { ...i, usedBy: userId } : i,
      );
    });
  }

  /** Whether a code would be accepted now (checked before the account is created). */
  async isValid(code: string, now: number): Promise<boolean> {
    const found = (await this.#load()).invitations.find((i) => i.codeHash === hash(code));
    return found !== undefined && found.usedBy === undefined && found.expiresAt > now;
  }

  #load(): Promise<SettingsFile> {
    return this.#file.read();
  }

  #update(change: (state: SettingsFile) => void): Promise<void> {
    return this.#file.update(change);
  }
}

function hash(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}
