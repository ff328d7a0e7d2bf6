import { isLinhaiError } from '#model';
import type { LibraryDeps } from '../ports.ts';
import { shelfGroupNamed } from '../shelf-groups.ts';
import type { LegadoImportItem } from './import-legado-backup.ts';
import type { LegadoBookGroup, Read } from './legado-shapes.ts';

/*
 * Legado's shelf groups, read into and written out of the reader's own shelf groups (one home:
 * `src/library/shelf-groups.ts`). Legado keys a group by one bit of a 64-bit mask and stores each
 * book's set of bits; Linhai keeps groups by name with a list of books, so a group is matched by
 * its name and the bits are given out again, in the reader's order, on export.
 */

/** Bits past 2^52 are not exact in a JS number; Legado itself offers 63 groups at most. */
const MAX_BITS = 52;

/** Whether `bits` has the single bit `groupId` (both may pass 2^31, so no bitwise operators). */
function hasBit(bits: number, groupId: number): boolean {
  return Math.floor(bits / groupId) % 2 === 1;
}

/** The reader's groups in Legado's shape: each a bit in their order, and each book's bits by key. */
export async function legadoGroupsOf(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
): Promise<{ groups: LegadoBookGroup[]; books: Record<string, number> }> {
  const [groups, shelf] = await Promise.all([
    deps.store.shelfGroups.list(userId),
    deps.store.shelves.list(userId),
  ]);
  const keyOf = new Map(shelf.map((e) => [e.bookId, e.bookKey]));
  const books: Record<string, number> = {};
  const out = groups.slice(0, MAX_BITS).map((group, order) => {
    const groupId = 2 ** order;
    for (const bookId of group.bookIds) {
      const key = keyOf.get(bookId);
      if (key !== undefined) books[key] = (books[key] ?? 0) + groupId;
    }
    return { groupId, groupName: group.name, order, show: true };
  });
  return { groups: out, books };
}

/**
 * Puts a backup's groups into the reader's shelf groups (matched by name, made when missing) and
 * its books into them by their bits; one outcome per group.
 */
export async function keepLegadoGroups(
  deps: Pick<LibraryDeps, 'store' | 'clock'>,
  userId: number,
  backup: {
    readonly groups: readonly Read<LegadoBookGroup>[];
    readonly books: ReadonlyArray<{ readonly bookId: number; readonly bits: number }>;
  },
): Promise<LegadoImportItem[]> {
  const before = new Set((await deps.store.shelfGroups.list(userId)).map((g) => g.name));
  const items: LegadoImportItem[] = [];
  const byBit = new Map<number, number>();
  for (const read of backup.groups) {
    if ('skip' in read) {
      items.push({ kind: 'group', name: '(a group record)', status: 'skipped', reason: read.skip });
      continue;
    }
    const { groupId, groupName } = read.ok;
    try {
      const group = await shelfGroupNamed(deps, userId, groupName);
      byBit.set(groupId, group.id);
      items.push({
        kind: 'group',
        name: group.name,
        status: before.has(group.name) ? 'unchanged' : 'imported',
      });
    } catch (error) {
      if (!isLinhaiError(error)) throw error;
      items.push({ kind: 'group', name: groupName, status: 'skipped', reason: error.message });
    }
  }
  for (const { bookId, bits } of backup.books) {
    if (bits <= 0) continue;
    for (const [bit, id] of byBit) {
      if (hasBit(bits, bit)) await deps.store.shelfGroups.addBook(userId, id, bookId);
    }
  }
  return items;
}
