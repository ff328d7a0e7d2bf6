import { createHash } from 'node:crypto';

/** The id of a source's pattern: the same skeleton relearned finds the same row. */
export function patternId(sourceKey: string, skeleton: string): string {
  return createHash('sha256').update(`${sourceKey}\u0000${skeleton}`).digest('hex').slice(0, 20);
}
