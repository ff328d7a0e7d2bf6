import type { Migration, MigrationProvider } from 'kysely';
import type { DialectCapabilities } from '../dialect/index.ts';
import { initialMigration } from './001-initial.ts';
import { jobsMigration } from './002-jobs.ts';
import { sharedDocumentsMigration } from './003-shared-documents.ts';
import { bookCoversMigration } from './004-book-covers.ts';
import { bookFilesMigration } from './005-book-files.ts';
import { listIndexesMigration } from './006-list-indexes.ts';
import { userNameKeyMigration } from './007-user-name-key.ts';
import { bookmarksMigration } from './008-bookmarks.ts';
import { sourceLoginsMigration } from './010-source-logins.ts';
import { localBooksMigration } from './012-local-books.ts';
import { sourceBudgetMigration } from './013-source-budget.ts';
import { shelfGroupsMigration } from './014-shelf-groups.ts';
import { cookieJarsMigration } from './015-cookie-jars.ts';

/**
 * Migrations listed in code, in order. Kysely's FileMigrationProvider scans a directory with
 * dynamic imports, which breaks under tsx and bundlers; a list cannot.
 */
export function migrationProvider(caps: DialectCapabilities): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '001-initial': initialMigration(caps),
    '002-jobs': jobsMigration(caps),
    '003-shared-documents': sharedDocumentsMigration(caps),
    '004-book-covers': bookCoversMigration(caps),
    '005-book-files': bookFilesMigration(caps),
    '006-list-indexes': listIndexesMigration(),
    '007-user-name-key': userNameKeyMigration(),
    '008-bookmarks': bookmarksMigration(caps),
    '010-source-logins': sourceLoginsMigration(caps),
    '012-local-books': localBooksMigration(caps),
    '013-source-budget': sourceBudgetMigration(caps),
    '014-shelf-groups': shelfGroupsMigration(caps),
    '015-cookie-jars': cookieJarsMigration(caps),
  };
  return { getMigrations: async () => migrations };
}
