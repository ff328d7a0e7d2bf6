import { readFileSync, statSync } from 'node:fs';
import { LinhaiError } from '#model';

/** A file named on the command line, read whole; not-found with the reason when it cannot be. */
export function readInputFile(file: string): Uint8Array {
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
    return readFileSync(file);
  } catch (error) {
    throw new LinhaiError('not-found', `cannot read ${file}: ${(error as Error).message}`, {
      details: { file },
    });
  }
}
