// Anchors: pairs that are certainly the same chapter (the same URL of the same listing, or a
// title that occurs exactly once on each side). The longest chain of anchors that keeps both
// orders (patience sorting / LIS) splits the problem into small gaps for the DP.

/** A matched pair: canonical index `c`, incoming index `s`. */
export interface Pair {
  readonly c: number;
  readonly s: number;
}

/** Pairs items whose key occurs exactly once on each side. `undefined` keys never pair. */
export function uniquePairs<T, U>(
  canonical: readonly T[],
  incoming: readonly U[],
  keyC: (item: T) => string | undefined,
  keyS: (item: U) => string | undefined,
  cFrom = 0,
  cTo = canonical.length,
  sFrom = 0,
  sTo = incoming.length,
): Pair[] {
  const seen = new Map<string, number>(); // key → canonical index, or -1 when repeated
  for (let c = cFrom; c < cTo; c++) {
    const k = keyC(canonical[c]!);
    if (k !== undefined) seen.set(k, seen.has(k) ? -1 : c);
  }
  const inc = new Map<string, number>();
  for (let s = sFrom; s < sTo; s++) {
    const k = keyS(incoming[s]!);
    if (k !== undefined && seen.has(k)) inc.set(k, inc.has(k) ? -1 : s);
  }
  const pairs: Pair[] = [];
  for (const [k, s] of inc) {
    const c = seen.get(k)!;
    if (c >= 0 && s >= 0) pairs.push({ c, s });
  }
  return pairs;
}

/**
 * The longest subsequence of pairs increasing in both `c` and `s` (O(k log k)). The pairs must be
 * one-to-one (no index twice on either side), which `mergeAnchors` guarantees.
 */
export function longestChain(pairs: readonly Pair[]): Pair[] {
  const sorted = [...pairs].sort((a, b) => a.c - b.c || a.s - b.s);
  const tails: number[] = []; // tails[k] = index in sorted of the chain of length k+1 ending lowest
  const prev = new Int32Array(sorted.length).fill(-1);
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i]!.s;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[tails[mid]!]!.s < s) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const chain: Pair[] = [];
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = prev[i]!) {
    chain.push(sorted[i]!);
  }
  return chain.reverse();
}

/** Merges anchor sets, earlier sets winning any index both claim. */
export function mergeAnchors(...sets: readonly (readonly Pair[])[]): Pair[] {
  const usedC = new Set<number>();
  const usedS = new Set<number>();
  const out: Pair[] = [];
  for (const set of sets) {
    for (const p of set) {
      if (usedC.has(p.c) || usedS.has(p.s)) continue;
      usedC.add(p.c);
      usedS.add(p.s);
      out.push(p);
    }
  }
  return out;
}
