import type { SavedPosition } from './position.ts';

/** What the saver needs from the outside: the server's PUT, this device's copy, timers. */
export interface PositionSaverPorts {
  /** PUT /api/shelf/:id/position; `keepalive` when the page is going away. */
  readonly put: (position: SavedPosition, keepalive: boolean) => Promise<unknown>;
  /** This device's copy, kept at once (offline reading starts from it). */
  readonly keepLocal: (position: SavedPosition) => void;
  /** How long reading must stop moving before the server hears of it. */
  readonly delayMs?: number;
  readonly setTimer?: (run: () => void, ms: number) => unknown;
  readonly clearTimer?: (timer: unknown) => void;
}

const signature = (p: Pick<SavedPosition, 'chapterKey' | 'offsetChars'>) =>
  `${p.chapterKey}:${p.offsetChars}`;

/**
 * Saving the reading position: this device's copy on every move, the server's a moment after
 * reading stops moving (or at once), never the same place twice in a row, and not at all for a
 * book on no shelf (a preview: saving it on the server would shelve it). A failed PUT is tried
 * again with the next move.
 */
export function createPositionSaver(ports: PositionSaverPorts) {
  const delayMs = ports.delayMs ?? 1200;
  const setTimer = ports.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer =
    ports.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  let lastSaved = '';
  let pending: SavedPosition | undefined;
  let timer: unknown;
  /** Unknown (offline) counts as shelved. */
  let onShelf = true;

  async function flush(keepalive = false): Promise<void> {
    clearTimer(timer);
    const position = pending;
    if (!position || !onShelf) return;
    pending = undefined;
    lastSaved = signature(position);
    await ports.put(position, keepalive).catch(() => (lastSaved = ''));
  }

  /** The reader is at `position`: kept here now, sent after the delay (or `now`). */
  function note(position: SavedPosition, now = false): void {
    ports.keepLocal(position);
    if (signature(position) === lastSaved) return;
    pending = position;
    clearTimer(timer);
    if (now) void flush();
    else timer = setTimer(() => void flush(), delayMs);
  }

  return {
    note,
    flush,
    setOnShelf: (shelved: boolean) => (onShelf = shelved),
  };
}
