/*
 * The values repositories hand out. Missing values are `undefined`, never null or -1; booleans
 * are booleans; JSON columns are parsed. The library's port types match these structurally.
 */

import type {
  BoilerplateRecord,
  BookFields,
  BookFileRecord,
  BookRecord,
  ChapterFields,
  ChapterLinkRecord,
  ChapterRecord,
  ContentRecord,
  ListingRecord,
  PositionRecord,
  StoredListing,
  UserRecord,
  CoverRecord,
  JobRecord,
  ReplaceRuleFields,
  ReplaceRuleRecord,
  RequestKind,
} from '#model';

// Shared with the layers above, declared once in #model (issue 24); the store's names kept.
export type {
  BoilerplateStatus,
  BookFileFormat,
  BookFileState,
  JobState as JobRowState,
  RequestKind,
} from '#model';
export type ReplaceRuleRow = ReplaceRuleRecord;
export type ReplaceRuleInput = ReplaceRuleFields;
export type BoilerplateRow = BoilerplateRecord;
export type JobRow = JobRecord;
export type CoverRow = CoverRecord;
export type BookFileRow = BookFileRecord;
export type BookRow = BookRecord;
export type BookInput = BookFields;
export type ListingRow = StoredListing;
export type ListingView = ListingRecord;
export type ChapterLinkRow = ChapterLinkRecord;
export type ChapterRow = ChapterRecord;
export type ChapterInput = ChapterFields;
export type ContentRow = ContentRecord;
export type UserRow = UserRecord;
export type ShelfPosition = PositionRecord;

export interface SourceHealth {
  readonly ok: number;
  readonly err: number;
}

export interface SourceRow {
  readonly id: number;
  readonly url: string;
  readonly name: string;
  readonly group: string | undefined;
  readonly type: number;
  /** The Legado book-source JSON text, exactly as stored. */
  readonly rules: string;
  readonly enabled: boolean;
  readonly weight: number;
  readonly canSearch: boolean;
  readonly capabilities: Readonly<Record<string, unknown>>;
  readonly health: Readonly<Partial<Record<RequestKind, SourceHealth>>>;
  readonly latencyP50Ms: number | undefined;
  readonly latencyP95Ms: number | undefined;
  readonly lastError: string | undefined;
  readonly lastErrorAt: number | undefined;
  readonly breakerState: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface SourceInput {
  readonly url: string;
  readonly name: string;
  readonly group?: string | undefined;
  readonly type?: number;
  readonly rules: string;
  readonly enabled?: boolean;
  readonly weight?: number;
  readonly canSearch?: boolean;
  readonly capabilities?: Readonly<Record<string, unknown>>;
}

export interface ListingInput {
  readonly bookId: number;
  readonly sourceId: number;
  readonly bookUrl: string;
  readonly tocUrl?: string | undefined;
  readonly latestTitle?: string | undefined;
}

export interface ListingCheck {
  readonly checkedAt: number;
  readonly changedAt?: number | undefined;
  readonly latestTitle?: string | undefined;
  readonly chapterCount?: number | undefined;
  readonly probeEtag?: string | undefined;
  readonly probeLastModified?: string | undefined;
  readonly nextCheckAt?: number | undefined;
  readonly cadence?: unknown;
  readonly lag?: unknown;
}

export interface SessionRow {
  readonly id: string;
  readonly userId: number;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface ShelfRow {
  readonly userId: number;
  readonly bookId: number;
  readonly addedAt: number;
  readonly position: ShelfPosition | undefined;
}

/** A shelf entry with its book and counts, as a shelf page shows it. */
export interface ShelfEntryView extends ShelfRow {
  readonly bookKey: string;
  readonly title: string;
  readonly author: string;
  readonly coverUrl: string | undefined;
  readonly chapterCount: number;
  /** Chapters after the one the reader is in (all of them when nothing was read yet). */
  readonly unreadCount: number;
  readonly latestChapterTitle: string | undefined;
  /** When the newest of its chapters was first seen (undefined: no chapters yet). */
  readonly latestChapterAt: number | undefined;
}

/** `null` from SQL becomes `undefined` in our values. */
export function opt<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback;
  return JSON.parse(text) as T;
}

export function jsonOrNull(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}
