/**
 * The request budget the chase must live within: a global one per instance and one per host,
 * shared by every book and listing on that host.
 */
export interface ChaseBudget {
  /** Requests per day for the whole instance (probes and TOC fetches). */
  readonly requestsPerDay: number;
  /** Requests per clock hour for one host; the chase never exceeds it. */
  readonly perHostPerHour: number;
}

/**
 * Finds the budget constant c for which the planned checks fit `checksPerDay`: each listing wants
 * demand/c checks a day, clamped to its own floor and ceiling; the total falls as c grows, so a
 * bisection over log c finds it.
 */
export function solveBudgetConstant(
  listings: readonly { demand: number; minPerDay: number; maxPerDay: number }[],
  checksPerDay: number,
): number {
  const planned = (c: number) => {
    let total = 0;
    for (const l of listings) total += Math.min(l.maxPerDay, Math.max(l.minPerDay, l.demand / c));
    return total;
  };
  let low = 1e-6;
  let high = 1e6;
  if (planned(low) <= checksPerDay) return low;
  for (let i = 0; i < 60; i++) {
    const mid = Math.sqrt(low * high);
    if (planned(mid) > checksPerDay) low = mid;
    else high = mid;
  }
  return high;
}

/** Counts requests per host per clock hour, so no host is sent more than its budget. */
export class HostHourCounter {
  #hour = -1;
  #counts = new Map<string, number>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  #roll(now: number): void {
    const hour = Math.floor(now / 3_600_000);
    if (hour !== this.#hour) {
      this.#hour = hour;
      this.#counts.clear();
    }
  }

  /** How many requests the host may still make this hour. */
  remaining(host: string, now: number): number {
    this.#roll(now);
    return this.#limit - (this.#counts.get(host) ?? 0);
  }

  add(host: string, now: number, requests: number): void {
    this.#roll(now);
    this.#counts.set(host, (this.#counts.get(host) ?? 0) + requests);
  }
}
