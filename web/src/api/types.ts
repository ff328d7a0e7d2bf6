/*
 * The API's shapes, taken from the server's own TypeBox schemas (src/server/schemas.ts and
 * src/server/schemas/): the schemas that validate requests, serialise answers and make the
 * OpenAPI document. Type-only imports: no server code reaches the bundle.
 */
import type { Static } from 'typebox';
import type * as Shared from '../../../src/server/schemas.ts';
import type * as Accounts from '../../../src/server/schemas/account.ts';
import type * as Books from '../../../src/server/schemas/books.ts';
import type * as Explore from '../../../src/server/schemas/explore.ts';
import type * as Reading from '../../../src/server/schemas/reading.ts';
import type * as Search from '../../../src/server/schemas/search.ts';
import type * as Sources from '../../../src/server/schemas/sources.ts';
export type User = Static<typeof Shared.UserView>;
export type Book = Static<typeof Shared.Book>;
export type PoolMember = Static<typeof Shared.PoolMember>;
export type TocItem = Static<typeof Shared.TocItem>;
export type Position = Static<typeof Shared.Position>;
export type ShelfEntry = Static<typeof Shared.ShelfEntry>;
export type Source = Static<typeof Shared.Source>;
export type Boilerplate = Static<typeof Shared.Boilerplate>;
export type BoilerplateStatus = Boilerplate['status'];
export type ReplaceRule = Static<typeof Shared.ReplaceRule>;
export type ReplaceRuleBody = Static<typeof Shared.ReplaceRuleBody>;

export type Session = Static<typeof Accounts.Session>;
export type Registration = Static<typeof Accounts.Registration>;
export type RegistrationInfo = Static<typeof Accounts.RegistrationInfo>;
export type InstanceSettings = Static<typeof Accounts.InstanceSettingsView>;
export type ReaderSettings = Static<typeof Accounts.ReaderSettings>;
export type ShelfSort = NonNullable<ReaderSettings['shelfSort']>;
export type Invitation = Static<typeof Accounts.Invitation>;
export type Account = Static<typeof Accounts.Account>;
export type PublicReading = Static<typeof Accounts.PublicReading>;
export type ShelfGroup = Static<typeof Accounts.ShelfGroup>;
export type SyncKeyStatus = Static<typeof Accounts.SyncKeyView>;
export type NewSyncKey = Static<typeof Accounts.NewSyncKey>;
export type OpdsLink = Static<typeof Accounts.OpdsLink>;

export type BookView = Static<typeof Books.BookView>;
export type AddedBook = Static<typeof Books.AddedBook>;
export type PreviewedBook = Static<typeof Books.PreviewedBook>;
export type TocRefresh = Static<typeof Books.TocRefresh>;
export type BookFileStatus = Static<typeof Books.BookFileStatus>;
export type TocRule = Static<typeof Books.TocRule>;
export type LocalImport = Static<typeof Books.LocalImport>;
export type BookFileFormat = LocalImport['format'];
export type LegadoImportReport = Static<typeof Books.LegadoImportReport>;

/** A book a search found, merged across sources (the search stream's `book` events). */
export type BookGroup = Static<typeof Explore.FoundBook>;
export type SourceRef = Static<typeof Explore.SourceRef>;
export type ExploreSectionName = Static<typeof Explore.ExploreSectionName>;
export type ExploreEntry = Static<typeof Explore.ExploreEntry>;
export type ExploreCard = Static<typeof Explore.ExploreCard>;
export type SourceExplore = Static<typeof Explore.SourceExplore>;
export type ExploreListPage = Static<typeof Explore.ExploreListPage>;
export type ExploreSection = Static<typeof Explore.ExploreSection>;

export type ChapterView = Static<typeof Reading.ChapterView>;
export type ChapterSource = Static<typeof Reading.ChapterSource>;
export type ChapterSources = Static<typeof Reading.ChapterSources>;
export type Bookmark = Static<typeof Reading.Bookmark>;
export type BookSearchHit = Static<typeof Reading.BookSearchHit>;
export type BookSearchResult = Static<typeof Reading.BookSearchResult>;

/** The data of the search stream's events (`GET /api/search`), by event name. */
export type SearchEvents = {
  [Name in keyof typeof Search.SearchEvents]: Static<(typeof Search.SearchEvents)[Name]>;
};

export type ImportReport = Static<typeof Sources.SourceImportReport>;
export type SourceStep = Static<typeof Sources.SourceStep>;
export type SourceTest = Static<typeof Sources.SourceTest>;
export type LoginForm = Static<typeof Sources.LoginForm>;
export type SourceBudget = Static<typeof Sources.SourceBudget>;
export type SourceBudgetBody = Static<typeof Sources.SourceBudgetBody>;
