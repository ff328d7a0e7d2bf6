/**
 * A pattern as a source would have learned it from `line` (tests only): what other sources'
 * knowledge (`SharedKnowledge`) is built from.
 */
import { skeletonOf } from '../normalize.ts';
import { patternId } from '../pattern-id.ts';
import type { BoilerplatePattern, PatternStatus } from '../ports.ts';

export function learnedPattern(
  sourceKey: string,
  line: string,
  status: PatternStatus = 'suggested',
): BoilerplatePattern {
  const skeleton = skeletonOf(line);
  return {
    id: patternId(sourceKey, skeleton),
    sourceKey,
    skeleton,
    example: line,
    place: 'tail',
    status,
    support: 5,
    hits: 0,
    createdAt: 0,
    updatedAt: 0,
  };
}
