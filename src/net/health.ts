/**
 * Outcome and latency of every request, per source and request kind, so the library can score
 * sources (success rate, latency) and see why a source fails (counts per error code).
 */
import type { RequestKind } from './types.ts';

interface HealthRecord {
  readonly source: string;
  readonly kind: RequestKind;
  readonly host: string;
  readonly ok: boolean;
  /** An error code ("net-timeout") or "http-404"; undefined on success. */
  readonly code?: string | undefined;
  readonly elapsedMs: number;
  readonly at: number;
}

export interface SourceHealth {
  readonly source: string;
  readonly kind: RequestKind;
  readonly requests: number;
  readonly ok: number;
  readonly failed: number;
  readonly byCode: Readonly<Record<string, number>>;
  readonly meanMs: number;
  /** Median and 95th percentile over the last 200 requests. */
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly lastError?: string | undefined;
  readonly lastAt: number;
}

interface Cell {
  requests: number;
  ok: number;
  byCode: Record<string, number>;
  totalMs: number;
  recent: number[];
  lastError?: string | undefined;
  lastAt: number;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export class HealthRecorder {
  private readonly cells = new Map<string, Cell>();

  record(r: HealthRecord): void {
    const key = `${r.source}\u0000${r.kind}`;
    let c = this.cells.get(key);
    if (!c) {
      c = { requests: 0, ok: 0, byCode: {}, totalMs: 0, recent: [], lastAt: 0 };
      this.cells.set(key, c);
    }
    c.requests++;
    c.totalMs += r.elapsedMs;
    c.recent.push(r.elapsedMs);
    if (c.recent.length > 200) c.recent.shift();
    c.lastAt = r.at;
    if (r.ok) c.ok++;
    else {
      const code = r.code ?? 'unknown';
      c.byCode[code] = (c.byCode[code] ?? 0) + 1;
      c.lastError = code;
    }
  }

  snapshot(): SourceHealth[] {
    return [...this.cells].map(([key, c]) => {
      const [source, kind] = key.split('\u0000') as [string, RequestKind];
      return {
        source,
        kind,
        requests: c.requests,
        ok: c.ok,
        failed: c.requests - c.ok,
        byCode: { ...c.byCode },
        meanMs: c.requests ? c.totalMs / c.requests : 0,
        p50Ms: percentile(c.recent, 0.5),
        p95Ms: percentile(c.recent, 0.95),
        lastError: c.lastError,
        lastAt: c.lastAt,
      };
    });
  }
}
