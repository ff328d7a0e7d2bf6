import type { LibraryDeps } from '../ports.ts';
import type { LegadoImportItem } from './import-legado-backup.ts';
import type { LegadoBookGroup, Read } from './legado-shapes.ts';

/*
 * Legado's shelf groups, kept in the reader's settings (`legadoGroups`) in Legado's own shape: the
 * groups by id (each a single bit) and each book's bit set, by book key. Linhai has no shelf groups
 * of its own yet (issue 20 adds them); these are what a Legado export gives back, and what a later
 * move to Linhai's groups reads.
 */

export const LEGADO_GROUPS_SETTING = 'legadoGroups';

export interface LegadoGroupsSetting {
  readonly groups: readonly LegadoBookGroup[];
  /** Book key → the bits of the groups it is in. */
  readonly books: Readonly<Record<string, number>>;
}

/** The reader's Legado groups (none yet: empty). */
export async function legadoGroupsOf(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
): Promise<LegadoGroupsSetting> {
  const value = (await deps.store.users.get(userId))?.settings[LEGADO_GROUPS_SETTING] as
    Partial<LegadoGroupsSetting> | undefined;
  return { groups: value?.groups ?? [], books: value?.books ?? {} };
}

/** Merges a backup's groups and books' group bits into the reader's; one outcome per group. */
export async function keepLegadoGroups(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
  backup: {
    readonly groups: readonly Read<LegadoBookGroup>[];
    readonly books: ReadonlyArray<{ readonly bookKey: string; readonly bits: number }>;
  },
): Promise<LegadoImportItem[]> {
  const current = await legadoGroupsOf(deps, userId);
  const groups = new Map(current.groups.map((g) => [g.groupId, g]));
  const items: LegadoImportItem[] = [];
  for (const read of backup.groups) {
    if ('skip' in read) {
      items.push({ kind: 'group', name: '(a group record)', status: 'skipped', reason: read.skip });
      continue;
    }
    const group = read.ok;
    const before = groups.get(group.groupId);
    const same = before !== undefined && JSON.stringify(before) === JSON.stringify(group);
    groups.set(group.groupId, group);
    items.push({ kind: 'group', name: group.groupName, status: same ? 'unchanged' : 'imported' });
  }
  const books: Record<string, number> = { ...current.books };
  for (const { bookKey, bits } of backup.books) if (bits > 0) books[bookKey] = bits;
  const next: LegadoGroupsSetting = {
    groups: [...groups.values()].sort((a, b) => a.order - b.order || a.groupId - b.groupId),
    books,
  };
  if (JSON.stringify(next) !== JSON.stringify(current)) {
    const user = await deps.store.users.get(userId);
    await deps.store.users.updateSettings(userId, {
      ...(user?.settings ?? {}),
      [LEGADO_GROUPS_SETTING]: next,
    });
  }
  return items;
}
