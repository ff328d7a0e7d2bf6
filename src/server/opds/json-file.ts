import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A small JSON document in a file, read once and written whole (through a temporary file and a
 * rename, so a crash leaves the old or the new one). Updates run one after another. Memory only
 * when `file` is undefined.
 */
export class JsonFile<T> {
  readonly #file: string | undefined;
  readonly #empty: () => T;
  #state: Promise<T> | undefined;
  #queue: Promise<void> = Promise.resolve();

  constructor(file: string | undefined, empty: () => T) {
    this.#file = file;
    this.#empty = empty;
  }

  read(): Promise<T> {
    this.#state ??= this.#load();
    return this.#state;
  }

  /** Applies `change` to the document and saves it; `change` may throw to abandon. */
  update(change: (state: T) => void): Promise<void> {
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
