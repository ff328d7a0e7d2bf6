import { LinhaiError } from '#model';
import type { Fetcher } from '#net';
import { builtInSources, classifySource, exportSources, importSources } from '#sources';
import type { BookSource, ImportResult } from '#sources';
import type { SourceRow, Store } from '#store';
import { findUnreachable } from './source-reachability.ts';
import type { UnreachableSource } from './source-reachability.ts';

/** How sources are stored: built in (seeded), or a user's import whose sites are tried. */
interface SaveOptions {
  readonly builtIn?: boolean;
  readonly tryReach?: boolean;
}

/** How long the one try of an imported source's site may take. */
const REACH_TIMEOUT_MS = 5_000;

/** Whether to store the built-in sources on first start (off with LINHAI_BUILTIN_SOURCES=0). */
export function builtInSourcesWanted(): boolean {
  return process.env.LINHAI_BUILTIN_SOURCES !== '0';
}

/**
 * The book sources an instance knows, kept in the store's `source` table as Legado JSON (so export
 * gives back what was imported, unknown keys included), with their capability classification.
 */
export class SourceCatalog {
  readonly #store: Store;
  readonly #fetcher: Fetcher;
  readonly #parsed = new Map<string, { updatedAt: number; source: BookSource }>();
  /** The background tries of sources imported by this process (see `save`). */
  readonly #reachChecks: { found: Promise<UnreachableSource[]>; stop: AbortController }[] = [];

  /** `fetcher` fetches collections named by URL (the app's guarded network client). */
  constructor(store: Store, options: { fetcher: Fetcher }) {
    this.#store = store;
    this.#fetcher = options.fetcher;
  }

  /**
   * Imports sources from Legado JSON text, with the collections its `sourceUrls` name; returns
   * the per-source report and any file errors. `linhai sources import` and `POST /api/sources`
   * both import through here.
   */
  async import(text: string, options: SaveOptions = {}): Promise<ImportResult> {
    const result = await this.read(text);
    await this.save(result.sources, options);
    return result;
  }

  /**
   * Parses Legado JSON text and follows the collections a `{ "sourceUrls": [...] }` envelope
   * names, without storing anything. One level only: a listed collection's own `sourceUrls` are
   * not followed again (a list that names itself ends). `sourceUrls` says what was followed.
   */
  async read(text: string, signal?: AbortSignal): Promise<ImportResult> {
    const result = importSources(text);
    for (const url of result.sourceUrls) {
      const more = importSources(await this.fetchCollection(url, signal));
      // Loops, not spreads into push: a collection can hold many thousands of sources.
      for (const source of more.sources) result.sources.push(source);
      for (const entry of more.report) result.report.push(entry);
      for (const error of more.errors) result.errors.push(error);
      for (const warning of more.warnings) result.warnings.push(warning);
    }
    return result;
  }

  /** A source collection's text from its http(s) URL, through the guarded network client. */
  async fetchCollection(url: string, signal?: AbortSignal): Promise<string> {
    if (!URL.canParse(url))
      throw new LinhaiError('invalid-input', `not a URL: ${url}`, { details: { url } });
    const response = await this.#fetcher.fetch({
      url,
      kind: 'other',
      ...(signal ? { signal } : {}),
    });
    if (response.status >= 400) {
      throw new LinhaiError('net-http-status', `HTTP ${response.status} from ${url}`, {
        details: { url, status: response.status },
      });
    }
    return response.text;
  }

  /**
   * Stores parsed sources (a source with the same URL is replaced; its health is kept). With
   * `tryReach` (a user's import: `linhai sources import`, `POST /api/sources`) the enabled ones
   * get one try of their site in the background: a source whose site cannot be reached is turned
   * off with the reason, so later searches skip it instead of reporting the same failure every
   * time. Importing it again tries again.
   */
  async save(sources: readonly BookSource[], options: SaveOptions = {}): Promise<void> {
    for (const source of sources) {
      const classification = classifySource(source);
      await this.#store.sources.upsert({
        url: source.bookSourceUrl,
        name: source.bookSourceName,
        group: source.bookSourceGroup ?? undefined,
        type: typeof source.bookSourceType === 'number' ? source.bookSourceType : 0,
        rules: exportSources([source]),
        enabled: source.enabled !== false,
        weight: typeof source.weight === 'number' ? source.weight : 0,
        canSearch: typeof source.searchUrl === 'string' && source.searchUrl.trim() !== '',
        capabilities: {
          tier: classification.tier,
          missing: classification.missing,
          ...(options.builtIn ? { builtIn: true } : {}),
        },
      });
    }
    const imported = options.tryReach ? sources.filter((s) => s.enabled !== false) : [];
    if (imported.length > 0) {
      const stop = new AbortController();
      this.#reachChecks.push({ found: this.#disableUnreachable(imported, stop.signal), stop });
    }
  }

  /**
   * The sources the background tries started since the last call found unreachable (and turned
   * off), once those tries have ended; the CLI waits for them before it exits and prints them.
   * Aborting `signal` stops the tries still running: their sources stay as they are.
   */
  async unreachable(signal?: AbortSignal): Promise<UnreachableSource[]> {
    const checks = this.#reachChecks.splice(0);
    const onAbort = () => {
      for (const check of checks) check.stop.abort(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return (await Promise.all(checks.map((check) => check.found))).flat();
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async #disableUnreachable(
    sources: readonly BookSource[],
    signal: AbortSignal,
  ): Promise<UnreachableSource[]> {
    try {
      const found = await findUnreachable(
        this.#fetcher,
        sources.map((s) => ({ key: s.bookSourceUrl, name: s.bookSourceName })),
        { timeoutMs: REACH_TIMEOUT_MS, signal },
      );
      for (const source of found) {
        const row = await this.#store.sources.getByUrl(source.key);
        if (row)
          await this.#store.sources.disableUnreachable(
            row.id,
            `unreachable when imported: ${source.reason}`,
          );
      }
      return found;
    } catch {
      // The store closed under a try still running (the process is ending): nothing is lost
      // but the mark, and the next import tries again.
      return [];
    }
  }

  /** Every stored source, parsed, in the store's order (weight, then name). */
  async list(): Promise<BookSource[]> {
    const rows = await this.#store.sources.list();
    return rows.map((row) => this.#parse(row));
  }

  /**
   * Stores the built-in sources once: when none is stored yet. A user who disables or deletes one
   * does not get it back on the next start.
   */
  async seedBuiltIns(): Promise<void> {
    const rows = await this.#store.sources.list();
    if (rows.some((row) => row.capabilities['builtIn'] === true)) return;
    await this.save(builtInSources(), { builtIn: true });
  }

  /**
   * Turns the built-in sources off (the offline demo: they reach the public internet); returns the
   * names of those it turned off, none when they were off already or never stored.
   */
  async disableBuiltIns(): Promise<string[]> {
    const rows = await this.#store.sources.list();
    const on = rows.filter((row) => row.capabilities['builtIn'] === true && row.enabled);
    for (const row of on) await this.#store.sources.setEnabled(row.id, false);
    return on.map((row) => row.name);
  }

  /** A source's rules, parsed once per version. */
  async get(key: string): Promise<BookSource> {
    return (await this.entry(key)).source;
  }

  /** A source with its store id (health figures are recorded against the id). */
  async entry(key: string): Promise<{ id: number; source: BookSource }> {
    const row = await this.#store.sources.getByUrl(key);
    if (!row) {
      throw new LinhaiError(
        'not-found',
        `no book source ${key}; import it with "linhai sources import"`,
        {
          details: { source: key },
        },
      );
    }
    return { id: row.id, source: this.#parse(row) };
  }

  #parse(row: SourceRow): BookSource {
    const cached = this.#parsed.get(row.url);
    if (cached && cached.updatedAt === row.updatedAt) return cached.source;
    const [source] = importSources(row.rules).sources;
    if (!source) throw new LinhaiError('internal', `stored rules of ${row.url} no longer parse`);
    const current = { ...source, enabled: row.enabled };
    this.#parsed.set(row.url, { updatedAt: row.updatedAt, source: current });
    return current;
  }

  /** Every stored source in Legado JSON, for export. */
  async exportAll(): Promise<string> {
    return exportSources(await this.list());
  }
}
