import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LinhaiError } from '#model';

export type RegistrationMode = 'open' | 'invite' | 'closed';

export interface Invitation {
  /** sha256 of the code: the code itself is shown once, to the administrator who made it. */
  readonly codeHash: string;
  readonly createdBy: number;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedBy?: number;
}

interface SettingsFile {
  registration: RegistrationMode;
  invitations: Invitation[];
}

const INVITE_TTL_MS = 14 * 24 * 3_600_000;

/**
 * The instance's own settings (registration mode, invitation codes), kept in a small JSON file in
 * the data directory: they are the server's, not the library's, and few. Memory only without one.
 */
export class InstanceSettings {
  readonly #file: string | undefined;
  #state: SettingsFile | undefined;
  /** Writes run one after another so two requests cannot interleave partial files. */
  #queue: Promise<void> = Promise.resolve();

  constructor(dataDir: string | undefined) {
    this.#file = dataDir === undefined ? undefined : join(dataDir, 'server-settings.json');
  }

  async registration(): Promise<RegistrationMode> {
    return (await this.#load()).registration;
  }

  async setRegistration(mode: RegistrationMode): Promise<void> {
    await this.#update((state) => {
      state.registration = mode;
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

  async #load(): Promise<SettingsFile> {
    if (this.#state) return this.#state;
    let state: SettingsFile = { registration: 'invite', invitations: [] };
    if (this.#file) {
      try {
        state = { ...state, ...(JSON.parse(await readFile(this.#file, 'utf8')) as SettingsFile) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return (this.#state ??= state);
  }

  async #update(change: (state: SettingsFile) => void): Promise<void> {
    const run = this.#queue.then(async () => {
      const state = structuredClone(await this.#load());
      change(state);
      if (this.#file) {
        await mkdir(join(this.#file, '..'), { recursive: true });
        const temp = `${this.#file}.${process.pid}.tmp`;
        await writeFile(temp, JSON.stringify(state, null, 2));
        await rename(temp, this.#file);
      }
      this.#state = state;
    });
    this.#queue = run.catch(() => undefined);
    await run;
  }
}

function hash(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}
