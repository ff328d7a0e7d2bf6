/*
 * What the HTTP server needs from the outside, in its own terms (DESIGN.md "Ports and wiring").
 * `main.ts` passes the composition root's App, whose store repositories and catalog match these
 * shapes structurally; the server itself never imports the store, the sources or the network.
 */
import type {
  BoilerplateRecord,
  BoilerplateStatus,
  BookFileFormat,
  ReplaceRuleFields,
  ReplaceRuleRecord,
  UserRecord,
} from '#model';
import type { Cleaner, FailureLimiter, LibraryDeps, RateLimit } from '#library';
import type { Static } from 'typebox';
import type { LoginForm, SourceBudget, SourceBudgetBody } from './schemas/sources.ts';

export type { BoilerplateRecord, BoilerplateStatus, ReplaceRuleFields, ReplaceRuleRecord };

export type ServerUser = UserRecord;

interface ServerSource {
  readonly id: number;
  readonly url: string;
  readonly name: string;
  readonly group: string | undefined;
  readonly enabled: boolean;
  readonly weight: number;
  readonly canSearch: boolean;
  readonly health: Readonly<Partial<Record<string, { readonly ok: number; readonly err: number }>>>;
  readonly latencyP50Ms: number | undefined;
}

/** The repositories the server reads beyond the library's own (the store matches). */
export interface ServerStore {
  readonly users: {
    list(): Promise<ServerUser[]>;
    get(id: number): Promise<ServerUser | undefined>;
    updateSettings(id: number, settings: Readonly<Record<string, unknown>>): Promise<void>;
  };
  readonly sources: {
    list(filter?: { enabledOnly?: boolean }): Promise<ServerSource[]>;
    get(id: number): Promise<ServerSource | undefined>;
    setEnabled(id: number, enabled: boolean): Promise<void>;
  };
  readonly shelves: {
    /** Users who keep the book on their shelf. */
    followers(bookId: number): Promise<number[]>;
  };
  readonly replaceRules: {
    add(input: ReplaceRuleFields): Promise<ReplaceRuleRecord>;
    update(id: number, input: ReplaceRuleFields): Promise<void>;
    list(filter?: { enabledOnly?: boolean }): Promise<ReplaceRuleRecord[]>;
    remove(id: number): Promise<void>;
  };
  readonly boilerplate: {
    list(sourceKey: string): Promise<BoilerplateRecord[]>;
    setStatus(id: string, status: BoilerplateStatus): Promise<void>;
  };
}

/** The result of importing book sources, as the catalog reports it. */
export interface SourceImportReport {
  readonly report: readonly unknown[];
  /** A source that could not be imported (`item` "item 3"), or the whole file (`item` "file"). */
  readonly errors: readonly {
    readonly item: string;
    readonly message: string;
    readonly line?: number;
    readonly column?: number;
  }[];
  readonly warnings: readonly string[];
  readonly sourceUrls: readonly string[];
}

export interface ServerDeps {
  /** What every library use case takes. */
  readonly library: LibraryDeps;
  readonly store: ServerStore;
  /** Display-time text processing (replace rules, the reader's script). */
  readonly presenter: Pick<Cleaner, 'present' | 'presentTitle'>;
  /** Imports Legado JSON, following the collections its `sourceUrls` name (as the CLI does). */
  readonly catalog: {
    import(text: string): Promise<SourceImportReport>;
    /** Every stored source as Legado JSON (a Legado backup export takes its books' sources). */
    list?(): Promise<ReadonlyArray<{ readonly bookSourceUrl: string }>>;
  };
  /**
   * "Update all now": one chase pass over a reader's shelf (updateShelf in #app), `onProgress`
   * after each source checked; one outcome per book.
   */
  readonly updateShelf?: (
    userId: number,
    onProgress: (progress: {
      readonly done: number;
      readonly total: number;
      readonly source: string;
    }) => void,
  ) => Promise<unknown>;
  /** Logging sources in (loginUi fields, sealed with the instance key): `App.logInSource`. */
  readonly sourceLogins?: {
    form(userId: number, sourceUrl: string): Promise<Static<typeof LoginForm>>;
    logIn(
      userId: number,
      sourceUrl: string,
      fields: Record<string, string>,
      cookie?: string,
    ): Promise<void>;
  };
  /**
   * An administrator's raised politeness budget per source, as `linhai sources budget` sets it
   * (`manageSourceBudget` in #app): `change` absent shows it; robots.txt still applies.
   */
  readonly sourceBudgets?: {
    manage(
      sourceUrl: string,
      change?: Static<typeof SourceBudgetBody> | { readonly clear: true },
    ): Promise<{
      readonly source: string;
      readonly budget: NonNullable<Static<typeof SourceBudget>['budget']> | undefined;
    }>;
  };
  /** Fetches a text document (a source collection URL) through the guarded network client. */
  fetchText(url: string, signal?: AbortSignal): Promise<string>;
  /**
   * Plans the `export` job that builds a book's whole file into the store (one per book and
   * format while it waits or runs: `created` is false then). The job runs wherever jobs run.
   */
  readonly exportJobs: {
    enqueue(bookId: number, format: BookFileFormat): Promise<{ readonly created: boolean }>;
    /** Whether the job for the book's file is waiting or running (a build left `building`
     * with no job died with its process). */
    planned(bookId: number, format: BookFileFormat): Promise<boolean>;
    /** A reader shelved the book: its e-book file is built now, ahead of any download. */
    shelved(bookId: number): Promise<void>;
  };
  /** Where the server keeps its own small state (instance settings); memory only when absent. */
  readonly dataDir?: string;
  /**
   * The installation's shared documents (the store's): with them the server's own state
   * (instance settings, e-reader credentials) lives in the database, so several servers behind
   * a proxy see one state; the JSON files in `dataDir` are then only read once, as a seed.
   */
  readonly documents?: SharedDocuments;
  /**
   * Failed-login counts every server of the installation shares (`scope` names the key space:
   * "ip", "name"); without it each process counts its own.
   */
  readonly failureLimiter?: (scope: string, limit: RateLimit) => FailureLimiter | undefined;
}

/** Named JSON documents every process of an installation shares; `update` is atomic. */
export interface SharedDocuments {
  get(name: string): Promise<unknown>;
  update<T>(name: string, change: (current: unknown) => T): Promise<T>;
}
