import type { SharedDocuments } from '../ports.ts';
import { JsonFile } from './json-file.ts';

/**
 * The installation's shared documents, or documents in this process's memory when the server was
 * built without them. E-reader state is kept as many small documents (one per user, one per
 * token, one per digest) rather than one document for everyone: a request reads only its own,
 * and one reader's data cannot make everyone else's requests slow.
 */
export function keyedDocuments(shared: SharedDocuments | undefined): SharedDocuments {
  return shared ?? new MemoryDocuments();
}

class MemoryDocuments implements SharedDocuments {
  readonly #values = new Map<string, string>();

  async get(name: string): Promise<unknown> {
    const value = this.#values.get(name);
    return value === undefined ? undefined : (JSON.parse(value) as unknown);
  }

  async update<T>(name: string, change: (current: unknown) => T): Promise<T> {
    const next = change(await this.get(name));
    this.#values.set(name, JSON.stringify(next));
    return next;
  }
}

/**
 * Moves an older single shared document (and the JSON file that seeded it) into keyed documents,
 * once: `split` writes its entries where they now live, then the old document is emptied so
 * it is never read again. Safe to run in two processes at once (both write the same entries).
 */
export async function migrateLegacyDocument<T extends object>(
  documents: SharedDocuments | undefined,
  legacy: { file: string | undefined; name: string; empty: () => T },
  split: (old: T) => Promise<void>,
): Promise<void> {
  const source = new JsonFile<T>(legacy.file, legacy.empty, { documents, name: legacy.name });
  const old = await source.read();
  if (!Object.values(old).some((v) => typeof v === 'object' && v && Object.keys(v).length > 0))
    return;
  await split(old);
  if (documents) await documents.update(legacy.name, () => legacy.empty());
}
