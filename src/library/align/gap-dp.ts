import { MATCH_THRESHOLD, similarity } from './features.ts';
import type { Features } from './features.ts';
import type { Pair } from './anchors.ts';

/** Cells above which a gap is first split by number anchors, then banded. */
export const FULL_DP_CELLS = 250_000;
/** Half-width of the diagonal band for gaps still too large after splitting. */
const BAND = 400;

const DIAG = 1;
const UP = 2;
const LEFT = 3;

/**
 * Needleman–Wunsch over a gap: chooses the order-keeping matching of canonical[c0,c1) and
 * incoming[s0,s1) that maximises Σ(similarity − threshold). Gaps cost nothing, so a pair is only
 * matched when it is worth it. Large gaps are restricted to a band around the proportional
 * diagonal; cells outside the band count as "no match so far", which keeps the result valid.
 */
export function alignGap(
  canonical: readonly Features[],
  incoming: readonly Features[],
  c0: number,
  c1: number,
  s0: number,
  s1: number,
): Pair[] {
  const m = c1 - c0;
  const n = s1 - s0;
  if (m === 0 || n === 0) return [];
  const banded = m * n > FULL_DP_CELLS;
  const lo = new Int32Array(m + 1);
  const hi = new Int32Array(m + 1);
  const base = new Int32Array(m + 2);
  for (let i = 0; i <= m; i++) {
    if (banded) {
      const centre = Math.round((i * n) / m);
      lo[i] = Math.max(0, centre - BAND);
      hi[i] = Math.min(n, centre + BAND);
    } else {
      lo[i] = 0;
      hi[i] = n;
    }
    base[i + 1] = base[i]! + (hi[i]! - lo[i]! + 1);
  }
  const score = new Float64Array(base[m + 1]!);
  const move = new Uint8Array(base[m + 1]!);
  const at = (i: number, j: number): number =>
    j < lo[i]! || j > hi[i]! ? 0 : score[base[i]! + j - lo[i]!]!;

  for (let i = 1; i <= m; i++) {
    const a = canonical[c0 + i - 1]!;
    const row = base[i]! - lo[i]!;
    for (let j = Math.max(lo[i]!, 1); j <= hi[i]!; j++) {
      let best = at(i - 1, j);
      let dir = UP;
      const left = j - 1 >= lo[i]! ? score[row + j - 1]! : 0;
      if (left > best) {
        best = left;
        dir = LEFT;
      }
      const w = similarity(a, incoming[s0 + j - 1]!) - MATCH_THRESHOLD;
      if (w > 0) {
        const diag = at(i - 1, j - 1) + w;
        if (diag > best) {
          best = diag;
          dir = DIAG;
        }
      }
      score[row + j] = best;
      move[row + j] = dir;
    }
  }

  const pairs: Pair[] = [];
  let i = m;
  let j = hi[m]!;
  while (i > 0 && j > 0) {
    if (j < lo[i]! || j > hi[i]!) break; // outside the band: nothing matched before here
    const k = base[i]! + j - lo[i]!;
    if (score[k] === 0) break;
    const dir = move[k];
    if (dir === DIAG) {
      pairs.push({ c: c0 + i - 1, s: s0 + j - 1 });
      i--;
      j--;
    } else if (dir === UP) i--;
    else j--;
  }
  return pairs.reverse();
}
