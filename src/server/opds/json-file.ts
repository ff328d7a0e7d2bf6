import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SharedDocuments } from '../ports.ts';

/**
 * A small JSON document in a file, read once and written whole (through a temporary file and a
 * rename, so a crash leaves the old or the new one). Updates run one after another. Memory only
 * when `file` is undefined. With `shared` the document lives in the installation's shared
 * documents instead (read fresh each time, updated atomically, so every server process sees one
 * state); the file, when there is one, seeds it until its first update.
 */
export class JsonFile<T> {
  readonly #file: string | undefined;
  readonly #empty: () => T;
  readonly #shared: { documents: SharedDocuments; name: string } | undefined;
  #state: Promise<T> | undefined;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    file: string | undefined,
    empty: () => T,
    shared?: { documents: SharedDocuments | undefined; name: string },
  ) {
    this.#file = file;
    this.#empty = empty;
    this.#shared = shared?.documents
      ? { documents: shared.documents, name: shared.name }
      : undefined;
  }

  async read(): Promise<T> {
    if (this.#shared) {
      const stored = (await this.#shared.documents.get(this.#shared.name)) as
        Partial<T> | undefined;
      return stored === undefined ? this.#load() : { ...this.#empty(), ...stored };
    }
    this.#state ??= this.#load();
    return this.#state;
  }

  /** Applies `change` to the document and saves it; `change` may throw to abandon. */
  async update(change: (state: T) => void): Promise<void> {
    if (this.#shared) {
      const seed = await this.#load();
      await this.#shared.documents.update(this.#shared.name, (current) => {
        const state = current === undefined ? seed : { ...this.#empty(), ...(current as T) };
        change(state);
        return state;
      });
      return;
    }
    const run = this.#queue.then(async () => {
      const state = structuredClone(await this.read());
      change(state);
      if (this.#file !== undefined) {
        await mkdir(dirname(this.#file), { recursive: true });
        const temporary = `${this.#file}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify(state));
        await rename(temporary, this.#file);
      }
      this.#state = Promise.resolve(state);
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #load(): Promise<T> {
    if (this.#file === undefined) return this.#empty();
    try {
      return { ...this.#empty(), ...(JSON.parse(await readFile(this.#file, 'utf8')) as T) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.#empty();
      throw error;
    }
  }
}
