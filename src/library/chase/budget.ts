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

/** Each listing's wanted checks per day at c = 1, and its floor and ceiling: parallel arrays. */
interface BudgetRows {
  readonly demand: Float64Array;
  readonly minPerDay: Float64Array;
  readonly maxPerDay: Float64Array;
}

/**
 * Finds the budget constant c for which the planned checks of rows [from, to) fit `checksPerDay`:
 * each listing wants demand/c checks a day, clamped to its own floor and ceiling; the total falls
 * as c grows, so a bisection over log c finds it.
 */
export function solveBudgetConstant(
  rows: BudgetRows,
  from: number,
  to: number,
  checksPerDay: number,
): number {
  const { demand, minPerDay, maxPerDay } = rows;
  const planned = (c: number) => {
    let total = 0;
    for (let i = from; i < to; i++)
      total += Math.min(maxPerDay[i]!, Math.max(minPerDay[i]!, demand[i]! / c));
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

/** One host's requests in the current clock hour, so the host is never sent more than its budget. */
export class HostHourBudget {
  #hour = -1;
  #used = 0;
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  #roll(now: number): void {
    const hour = Math.floor(now / 3_600_000);
    if (hour !== this.#hour) {
      this.#hour = hour;
      this.#used = 0;
    }
  }

  /** How many requests the host may still make this hour. */
  remaining(now: number): number {
    this.#roll(now);
    return this.#limit - this.#used;
  }

  add(now: number, requests: number): void {
    this.#roll(now);
    this.#used += requests;
  }
}
