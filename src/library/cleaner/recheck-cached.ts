/**
 * A cached chapter against the patterns its source learned after it was cleaned. A source's first
 * chapters are cleaned before their boilerplate recurs often enough to be learned (a note below
 * the story is learned from its second chapter on), and the cache then kept them with it: read
 * again, exported or served over OPDS, they still showed it. Only patterns learned after the
 * chapter was cleaned are applied, the way `clean` applies stored patterns: a line whose skeleton
 * one of them holds goes whole; a rejected pattern removes nothing. Nothing is learned.
 */
import type { BoilerplatePattern } from './ports.ts';
import { skeletonOf } from './normalize.ts';
import type { SkeletonContext } from './normalize.ts';
import { decideRemovals } from './decide-removals.ts';
import type { Removal } from './decide-removals.ts';

interface Rechecked {
  readonly paragraphs: string[];
  readonly removed: Removal[];
  /** Lines removed per pattern id (the patterns' hit counts). */
  readonly hits: ReadonlyMap<string, number>;
}

/** Undefined when no pattern of the source is newer than `cleanedAt` (epoch ms). */
export function recheckCached(input: {
  readonly sourceKey: string;
  readonly bookKey: string;
  readonly paragraphs: readonly string[];
  readonly cleanedAt: number;
  readonly patterns: readonly BoilerplatePattern[];
  readonly context: SkeletonContext;
}): Rechecked | undefined {
  // Learned after: `updatedAt` moves with every hit a pattern scores (the SQL store), so by it
  // every older copy would be rechecked, and stored again, on each read while its source is active.
  const newer = input.patterns.filter(
    (p) => p.status !== 'rejected' && p.createdAt > input.cleanedAt,
  );
  if (newer.length === 0) return undefined;
  const lines = [...input.paragraphs];
  const { drop, hits } = decideRemovals({
    sourceKey: input.sourceKey,
    sample: {
      bookKey: input.bookKey,
      lines,
      skeletons: lines.map((line) => skeletonOf(line, input.context)),
    },
    known: new Map(newer.map((p) => [p.skeleton, p])),
    learned: new Set(),
    inOther: lines.map(() => false),
    builtin: false,
    context: input.context,
  });
  const removed = [...drop.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  return { paragraphs: lines.filter((_, i) => !drop.has(i)), removed, hits };
}
