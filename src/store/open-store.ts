import { CamelCasePlugin, Kysely, Migrator } from 'kysely';
import { LinhaiError, systemClock } from '#model';
import type { Clock } from '#model';
import { chooseDialect } from './dialect/index.ts';
import type { DialectCapabilities } from './dialect/index.ts';
import { migrationProvider } from './migrations/index.ts';
import { BoilerplateRepository } from './repositories/boilerplate-repository.ts';
import { BookRepository } from './repositories/book-repository.ts';
import { ChapterRepository } from './repositories/chapter-repository.ts';
import { ContentRepository } from './repositories/content-repository.ts';
import { CoverRepository } from './repositories/cover-repository.ts';
import { BookFileRepository } from './repositories/book-file-repository.ts';
import { JobRepository } from './repositories/job-repository.ts';
import { ListingRepository } from './repositories/listing-repository.ts';
import { ReplaceRuleRepository } from './repositories/replace-rule-repository.ts';
import { ShelfRepository } from './repositories/shelf-repository.ts';
import { BookmarkRepository } from './repositories/bookmark-repository.ts';
import { ShelfGroupRepository } from './repositories/shelf-group-repository.ts';
import { SourceLoginRepository } from './repositories/source-login-repository.ts';
import { CookieJarRepository } from './repositories/cookie-jar-repository.ts';
import { SourceBudgetRepository } from './repositories/source-budget-repository.ts';
import { LocalBookRepository } from './repositories/local-book-repository.ts';
import { SourceRepository } from './repositories/source-repository.ts';
import { SessionRepository, UserRepository } from './repositories/user-repository.ts';
import { SharedDocumentRepository } from './repositories/shared-document-repository.ts';
import type { Database } from './schema.ts';

export interface StoreOptions {
  /**
   * `postgres://…` for PostgreSQL, `:memory:` for a throwaway SQLite, the path of an SQLite file
   * (`….db`); else SQLite in dataDir.
   */
  readonly url?: string;
  /** Where `linhai.db` lives (SQLite). Without url or dataDir the store is in memory. */
  readonly dataDir?: string;
  /** PostgreSQL schema to work in (created if missing); tests use a fresh one per run. */
  readonly schema?: string;
  readonly clock?: Clock;
}

/** The store: repositories over one database, plus migrations. Nothing here decides policy. */
export interface Store {
  readonly capabilities: DialectCapabilities;
  readonly sources: SourceRepository;
  readonly books: BookRepository;
  readonly listings: ListingRepository;
  readonly chapters: ChapterRepository;
  readonly contents: ContentRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly shelves: ShelfRepository;
  readonly bookmarks: BookmarkRepository;
  readonly shelfGroups: ShelfGroupRepository;
  /** Users' logins for sources, sealed by the app (the store never sees a password). */
  readonly sourceLogins: SourceLoginRepository;
  /** Administrators' raised politeness budgets per source (robots.txt still applies). */
  readonly sourceBudgets: SourceBudgetRepository;
  /** Cookie jars every process shares (the network layer's jars are read and written here). */
  readonly cookieJars: CookieJarRepository;
  /** Books readers uploaded (TXT, EPUB): each reader's own. */
  readonly localBooks: LocalBookRepository;
  readonly replaceRules: ReplaceRuleRepository;
  readonly boilerplate: BoilerplateRepository;
  /** The embedded job queue's table. */
  readonly jobs: JobRepository;
  /** Small JSON documents every process shares (instance settings, e-reader credentials). */
  readonly documents: SharedDocumentRepository;
  /** Book covers fetched once from their sources (or the failure of the last try). */
  readonly covers: CoverRepository;
  /** Whole-book files (EPUB, TXT) with the progress of their builds. */
  readonly bookFiles: BookFileRepository;
  /** Brings the schema to the newest version; returns the names of migrations it ran. */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Opens the store. Call `migrate()` once before use.
 * @example
 *   const store = openStore({ dataDir: '/var/lib/linhai' });
 *   await store.migrate();
 *   const book = await store.books.getByKey('诡秘之主|爱潜水的乌贼');
 */
export function openStore(options: StoreOptions = {}): Store {
  // A schema name goes into DDL verbatim, so only plain identifiers: linhai_test_1a2b
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
    throw new LinhaiError('invalid-input', `"${options.schema}" is not a plain schema name`);
  }
  const { dialect, capabilities } = chooseDialect(options);
  const db = new Kysely<Database>({ dialect, plugins: [new CamelCasePlugin()] });
  const ctx = { db, caps: capabilities, clock: options.clock ?? systemClock };
  return {
    capabilities,
    sources: new SourceRepository(ctx),
    books: new BookRepository(ctx),
    listings: new ListingRepository(ctx),
    chapters: new ChapterRepository(ctx),
    contents: new ContentRepository(ctx),
    users: new UserRepository(ctx),
    sessions: new SessionRepository(ctx),
    shelves: new ShelfRepository(ctx),
    bookmarks: new BookmarkRepository(ctx),
    shelfGroups: new ShelfGroupRepository(ctx),
    sourceLogins: new SourceLoginRepository(ctx),
    sourceBudgets: new SourceBudgetRepository(ctx),
    cookieJars: new CookieJarRepository(ctx),
    localBooks: new LocalBookRepository(ctx),
    replaceRules: new ReplaceRuleRepository(ctx),
    boilerplate: new BoilerplateRepository(ctx),
    jobs: new JobRepository(ctx),
    documents: new SharedDocumentRepository(ctx),
    covers: new CoverRepository(ctx),
    bookFiles: new BookFileRepository(ctx),
    async migrate() {
      const migrator = new Migrator({
        db,
        provider: migrationProvider(capabilities),
        // Kysely looks for its migration tables in every schema unless told which; with another
        // schema's tables visible (parallel test runs) it would skip creating ours.
        ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
      });
      const { error, results } = await migrator.migrateToLatest();
      if (error) {
        throw new LinhaiError(
          'internal',
          `database migration failed: ${String((error as Error).message ?? error)}`,
          {
            cause: error,
            details: { failed: results?.find((r) => r.status === 'Error')?.migrationName },
          },
        );
      }
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    },
    close: () => db.destroy(),
  };
}
