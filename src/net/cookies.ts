/**
 * Cookie jars, one per jar key: a source's key for its anonymous requests, or a source and user
 * pair for requests made with that user's login (`SourcePolicy.cookieJar`). With a shared store
 * (the installation's database) every process reads and writes the same jars, so a challenge
 * passed or a login made by one worker serves all; each process keeps a copy of a jar in memory
 * and asks the store only for the jar's version, at most once every `recheckMs`. Without a store
 * (tests, tools) jars live in memory only. Requests without a source share one unsaved jar.
 */
import { Cookie, CookieJar } from 'tough-cookie';
import type { Clock } from '#model';
import { systemClock } from '#model';
import type { SourcePolicy } from './types.ts';

/** The jar a request of this policy reads and writes ('': the jar of source-less requests). */
export function cookieJarOf(policy: SourcePolicy | undefined): string {
  return policy?.cookieJar ?? policy?.key ?? '';
}

/** One cookie set or removed in a shared jar: `cookie` null removes it. */
export interface SharedCookieChange {
  readonly cookieKey: string;
  readonly cookie: string | null;
  readonly expiresAt: number | null;
}

/** Where jars are shared between processes (the store's cookie-jar repository matches it). */
export interface SharedCookieJarStore {
  /** The jar's version: 0 when never written. Moves on every save and clear. */
  version(jarKey: string): Promise<number>;
  load(jarKey: string, now: number): Promise<{ version: number; cookies: readonly string[] }>;
  /** Applies the changes and returns the jar's new version. */
  save(jarKey: string, changes: readonly SharedCookieChange[], now: number): Promise<number>;
  clear(jarKey: string, now: number): Promise<void>;
}

interface CookieJarsOptions {
  readonly shared?: SharedCookieJarStore;
  /**
   * How long a process trusts its copy of a jar before asking the store whether another process
   * changed it (default 1 s): the longest a cookie set elsewhere goes unseen here.
   */
  readonly recheckMs?: number;
  readonly clock?: Clock;
}

interface JarCopy {
  jar: CookieJar;
  version: number;
  checkedAt: number;
  /** Cookies in the copy (0: most sources never set one, and the header lookup is skipped). */
  size: number;
}

export class CookieJars {
  readonly #copies = new Map<string, JarCopy>();
  readonly #checking = new Map<string, Promise<JarCopy>>();
  readonly #shared: SharedCookieJarStore | undefined;
  readonly #recheckMs: number;
  readonly #clock: Clock;
  /** Store round trips, for the bench and health: version checks and full loads. */
  readonly reads = { checks: 0, loads: 0, saves: 0 };

  constructor(options: CookieJarsOptions = {}) {
    this.#shared = options.shared;
    this.#recheckMs = options.recheckMs ?? 1000;
    this.#clock = options.clock ?? systemClock;
  }

  /**
   * Makes the process's copy of a jar current (a store round trip at most once every `recheckMs`).
   * A request calls it before it waits for its host's slot, so no store read sits between the
   * slot and the send (that delay would bunch up the starts the budget spaced).
   */
  async ready(key: string): Promise<void> {
    await this.#fresh(key);
  }

  /** The Cookie header for a URL from the copy `ready` made current, or undefined when empty. */
  header(key: string, url: string): string | undefined {
    const copy = this.#copies.get(key);
    if (copy === undefined || copy.size === 0) return undefined;
    const value = copy.jar.getCookieStringSync(url);
    return value === '' ? undefined : value;
  }

  /** Stores the Set-Cookie headers of a response; bad cookies are ignored, as browsers do. */
  async store(key: string, url: string, setCookies: readonly string[]): Promise<void> {
    if (setCookies.length === 0) return;
    const copy = await this.#fresh(key);
    const before = snapshot(copy.jar);
    for (const c of setCookies) copy.jar.setCookieSync(c, url, { ignoreError: true });
    const after = snapshot(copy.jar);
    copy.size = after.size;
    if (!this.#shared || key === '') return;
    const changes: SharedCookieChange[] = [];
    for (const [cookieKey, entry] of after) {
      if (before.get(cookieKey)?.same !== entry.same) changes.push({ cookieKey, ...entry.row });
    }
    for (const cookieKey of before.keys()) {
      if (!after.has(cookieKey)) changes.push({ cookieKey, cookie: null, expiresAt: null });
    }
    if (changes.length === 0) return;
    const version = await this.#shared.save(key, changes, this.#clock.now());
    this.reads.saves++;
    // Our copy is the stored jar only if nobody else saved in between; otherwise re-read it.
    if (version === copy.version + 1) copy.version = version;
    else copy.checkedAt = -Infinity;
  }

  /** Every unexpired cookie of a jar (the browser tier seeds a page with them). */
  async list(key: string): Promise<Cookie[]> {
    const copy = await this.#fresh(key);
    if (copy.size === 0) return [];
    const now = this.#clock.now();
    return (copy.jar.serializeSync()?.cookies ?? [])
      .map((c) => Cookie.fromJSON(c))
      .filter((c): c is Cookie => c !== undefined && c.TTL(now) > 0);
  }

  /** Asks the store now (not after `recheckMs`) whether another process changed the jar. */
  async refresh(key: string): Promise<void> {
    const copy = this.#copies.get(key);
    if (copy) copy.checkedAt = -Infinity;
    await this.#fresh(key);
  }

  /** Empties a jar, in every process (a logout, or a login to run again from nothing). */
  async clear(key: string): Promise<void> {
    this.#copies.delete(key);
    if (this.#shared && key !== '') await this.#shared.clear(key, this.#clock.now());
  }

  /** The process's copy of a jar, re-read from the store when another process changed it. */
  async #fresh(key: string): Promise<JarCopy> {
    const copy = this.#copies.get(key);
    const shared = key === '' ? undefined : this.#shared;
    if (!shared) {
      if (copy) return copy;
      const made = { jar: new CookieJar(), version: 0, checkedAt: 0, size: 0 };
      this.#copies.set(key, made);
      return made;
    }
    const now = this.#clock.now();
    if (copy && now - copy.checkedAt < this.#recheckMs) return copy;
    // Requests arriving together share one round trip.
    let checking = this.#checking.get(key);
    if (!checking) {
      checking = this.#check(shared, key, copy, now).finally(() => this.#checking.delete(key));
      this.#checking.set(key, checking);
    }
    return checking;
  }

  async #check(
    shared: SharedCookieJarStore,
    key: string,
    copy: JarCopy | undefined,
    now: number,
  ): Promise<JarCopy> {
    if (copy) {
      this.reads.checks++;
      if ((await shared.version(key)) === copy.version) {
        copy.checkedAt = now;
        return copy;
      }
    }
    this.reads.loads++;
    const stored = await shared.load(key, now);
    const jar = CookieJar.deserializeSync({
      version: 'tough-cookie',
      storeType: 'MemoryCookieStore',
      rejectPublicSuffixes: true,
      cookies: stored.cookies.map((c) => JSON.parse(c) as Record<string, unknown>),
    } as Parameters<typeof CookieJar.deserializeSync>[0]);
    const loaded = { jar, version: stored.version, checkedAt: now, size: stored.cookies.length };
    this.#copies.set(key, loaded);
    return loaded;
  }
}

interface SnapshotEntry {
  /** The cookie without its last-access time: a cookie sent again unchanged is not a change. */
  readonly same: string;
  readonly row: { cookie: string; expiresAt: number | null };
}

function snapshot(jar: CookieJar): Map<string, SnapshotEntry> {
  const entries = new Map<string, SnapshotEntry>();
  for (const json of jar.serializeSync()?.cookies ?? []) {
    const cookie = Cookie.fromJSON(json);
    if (!cookie) continue;
    const rest: Record<string, unknown> = { ...(json as Record<string, unknown>) };
    delete rest.lastAccessed;
    const expiry = cookie.expiryTime();
    entries.set(`${cookie.domain ?? ''};${cookie.path ?? ''};${cookie.key}`, {
      same: JSON.stringify(rest),
      row: {
        cookie: JSON.stringify(json),
        expiresAt: expiry !== undefined && Number.isFinite(expiry) ? expiry : null,
      },
    });
  }
  return entries;
}
