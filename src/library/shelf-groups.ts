import { LinhaiError } from '#model';
import type { LibraryDeps, ShelfGroupRecord } from './ports.ts';

/*
 * A reader's shelf groups (issue 20): named, in the reader's order; a book may be in several, as
 * Legado's bit-mask groups allow. Deleting a group keeps its books on the shelf. The CLI, the
 * server and the Legado backup import all change groups through these.
 */

type Deps = Pick<LibraryDeps, 'store' | 'clock'>;

const MAX_NAME = 40;

/** A group name as kept: trimmed, 1–40 characters. */
function shelfGroupName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || [...trimmed].length > MAX_NAME) {
    throw new LinhaiError('invalid-input', `a group name needs 1 to ${MAX_NAME} characters`, {
      details: { name },
    });
  }
  return trimmed;
}

function taken(name: string): LinhaiError {
  return new LinhaiError('conflict', `you already have a group named "${name}"`, {
    details: { name },
  });
}

function missing(id: number): LinhaiError {
  return new LinhaiError('not-found', `you have no shelf group ${id}`, {
    details: { groupId: id },
  });
}

export async function listShelfGroups(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
): Promise<ShelfGroupRecord[]> {
  return deps.store.shelfGroups.list(userId);
}

export async function createShelfGroup(
  deps: Deps,
  userId: number,
  name: string,
): Promise<ShelfGroupRecord> {
  const kept = shelfGroupName(name);
  const group = await deps.store.shelfGroups.create(userId, kept, deps.clock.now());
  if (group === undefined) throw taken(kept);
  return group;
}

/** The user's group of that name, made if they have none (the Legado import's way in). */
export async function shelfGroupNamed(
  deps: Deps,
  userId: number,
  name: string,
): Promise<ShelfGroupRecord> {
  const kept = shelfGroupName(name);
  const found = (await deps.store.shelfGroups.list(userId)).find((g) => g.name === kept);
  return found ?? createShelfGroup(deps, userId, kept);
}

export async function renameShelfGroup(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
  id: number,
  name: string,
): Promise<void> {
  const kept = shelfGroupName(name);
  const outcome = await deps.store.shelfGroups.rename(userId, id, kept);
  if (outcome === 'taken') throw taken(kept);
  if (outcome === 'missing') throw missing(id);
}

/** Deletes a group; its books stay on the shelf. */
export async function deleteShelfGroup(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
  id: number,
): Promise<void> {
  if (!(await deps.store.shelfGroups.remove(userId, id))) throw missing(id);
}

/** Puts the user's groups in this order (groups left out keep their order after these). */
export async function reorderShelfGroups(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
  ids: readonly number[],
): Promise<ShelfGroupRecord[]> {
  const own = new Set((await deps.store.shelfGroups.list(userId)).map((g) => g.id));
  const stranger = ids.find((id) => !own.has(id));
  if (stranger !== undefined) throw missing(stranger);
  await deps.store.shelfGroups.reorder(userId, ids);
  return deps.store.shelfGroups.list(userId);
}

/** Makes `groupIds` the groups a shelved book is in (none: in no group). */
export async function setBookGroups(
  deps: Pick<LibraryDeps, 'store'>,
  userId: number,
  bookId: number,
  groupIds: readonly number[],
): Promise<number[]> {
  if ((await deps.store.shelves.get(userId, bookId)) === undefined) {
    throw new LinhaiError('not-found', `book ${bookId} is not on your shelf`, {
      details: { bookId },
    });
  }
  const own = new Set((await deps.store.shelfGroups.list(userId)).map((g) => g.id));
  const stranger = groupIds.find((id) => !own.has(id));
  if (stranger !== undefined) throw missing(stranger);
  return deps.store.shelfGroups.setBookGroups(userId, bookId, groupIds);
}
