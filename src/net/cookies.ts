/**
 * One tough-cookie jar per book source, persisted as a JSON file per source in a directory (when
 * one is given). Requests without a source share an in-memory jar that is never written.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cookie, CookieJar, MemoryCookieStore } from 'tough-cookie';

export class CookieJars {
  private readonly jars = new Map<string, CookieJar>();
  private readonly dirty = new Set<string>();
  /** Sources whose jar is known to be empty. */
  private readonly empty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  /** `directory` undefined keeps cookies in memory only. */
  constructor(private readonly directory?: string) {
    if (directory) mkdirSync(directory, { recursive: true });
  }

  private file(key: string): string | undefined {
    if (!this.directory || key === '') return undefined;
    const name = createHash('sha256').update(key).digest('hex').slice(0, 32);
    return join(this.directory, `${name}.json`);
  }

  jar(key: string): CookieJar {
    let jar = this.jars.get(key);
    if (jar) return jar;
    const file = this.file(key);
    jar = new CookieJar();
    if (file) {
      try {
        const saved = JSON.parse(readFileSync(file, 'utf8')) as { jar: unknown };
        jar = CookieJar.deserializeSync(
          saved.jar as Parameters<typeof CookieJar.deserializeSync>[0],
        );
      } catch {
        // No file yet (or a damaged one): start empty.
      }
    }
    this.jars.set(key, jar);
    return jar;
  }

  /** The Cookie header for a URL, or undefined when the jar has nothing for it. */
  header(key: string, url: string): string | undefined {
    // Most sources never set a cookie: skip the jar's lookup (the costliest step per request).
    if (this.empty.has(key)) return undefined;
    const jar = this.jar(key);
    if (jar.store instanceof MemoryCookieStore && Object.keys(jar.store.idx).length === 0) {
      this.empty.add(key);
      return undefined;
    }
    const value = jar.getCookieStringSync(url);
    return value === '' ? undefined : value;
  }

  /** Stores the Set-Cookie headers of a response; bad cookies are ignored, as browsers do. */
  store(key: string, url: string, setCookies: readonly string[]): void {
    if (setCookies.length === 0) return;
    const jar = this.jar(key);
    this.empty.delete(key);
    for (const c of setCookies) jar.setCookieSync(c, url, { ignoreError: true });
    if (!this.file(key)) return;
    this.dirty.add(key);
    // Writes are batched: many responses in a burst cost one write per source.
    this.timer ??= setTimeout(() => this.flush(), 200).unref();
  }

  /** Every unexpired cookie of a source's jar (the browser tier seeds a page with them). */
  list(key: string): Cookie[] {
    if (this.empty.has(key)) return [];
    const saved = this.jar(key).serializeSync();
    const now = Date.now();
    return (saved?.cookies ?? [])
      .map((c) => Cookie.fromJSON(c))
      .filter((c): c is Cookie => c !== undefined && c.TTL(now) > 0);
  }

  /** Writes every changed jar now (atomically: temp file, then rename). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const key of this.dirty) {
      const file = this.file(key);
      const jar = this.jars.get(key);
      if (!file || !jar) continue;
      writeFileSync(`${file}.tmp`, JSON.stringify({ source: key, jar: jar.serializeSync() }));
      renameSync(`${file}.tmp`, file);
    }
    this.dirty.clear();
  }
}
