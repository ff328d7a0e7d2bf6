/**
 * The `cache` scripts see (Legado's CacheManager): `put(key, value, seconds?)`, `get`, `delete`,
 * kept in memory for one driver. Bounded, because a hostile source's `cache.put` of 300 values of
 * 1 MiB held 300 MiB: at most `maxEntries` entries and `maxBytes` (keys and values as UTF-16), the
 * oldest entries making room for new ones; a single value larger than the whole budget is refused.
 */
import { LinhaiError } from '#model';

interface ScriptCacheLimits {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

export const defaultScriptCacheLimits: ScriptCacheLimits = {
  maxEntries: 1000,
  maxBytes: 4 * 1024 * 1024,
};

interface Entry {
  readonly value: unknown;
  readonly until: number;
  readonly bytes: number;
}

/** What a value costs to hold: strings as UTF-16, other values as their JSON text. */
function sizeOf(key: string, value: unknown): number {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return 2 * (key.length + text.length);
}

export class ScriptCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly source: string,
    private readonly limits: ScriptCacheLimits = defaultScriptCacheLimits,
  ) {}

  put(key: string, value: unknown, seconds?: unknown): void {
    const bytes = sizeOf(key, value);
    if (bytes > this.limits.maxBytes) {
      throw new LinhaiError(
        'js-error',
        `cache.put("${key.slice(0, 40)}"): ${bytes} bytes is more than the source's whole cache of ${this.limits.maxBytes} bytes`,
        { details: { source: this.source, key: key.slice(0, 200), bytes } },
      );
    }
    this.delete(key);
    // Oldest first (a Map iterates in insertion order; a rewrite moves the key to the end).
    for (const [oldKey] of this.entries) {
      if (
        this.entries.size < this.limits.maxEntries &&
        this.bytes + bytes <= this.limits.maxBytes
      ) {
        break;
      }
      this.delete(oldKey);
    }
    const ttl = typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : Infinity;
    this.entries.set(key, { value, until: Date.now() + ttl, bytes });
    this.bytes += bytes;
  }

  get(key: string): unknown {
    const entry = this.entries.get(key);
    if (entry === undefined) return null;
    if (entry.until > Date.now()) return entry.value;
    this.delete(key);
    return null;
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  /** Entries and bytes held now. */
  size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}
