import type { JobHandler, JobQueue, JobState } from '#jobs';
import type { NetHealth } from '#net';

type Outcome = 'completed' | 'failed' | 'returned';

/**
 * What this worker process did, per job type: counters only grow (Prometheus sums them over the
 * processes), plus the jobs in hand now.
 */
export class WorkerJobMetrics {
  readonly #finished = new Map<string, Record<Outcome, number>>();
  readonly #active = new Map<string, number>();
  readonly #seconds = new Map<string, number>();

  /** The handler, counted: how each run ended and how long it took. */
  wrap<P>(type: string, handler: JobHandler<P>): JobHandler<P> {
    return async (context) => {
      const started = performance.now();
      this.#active.set(type, (this.#active.get(type) ?? 0) + 1);
      let outcome: Outcome = 'failed';
      try {
        await handler(context);
        outcome = 'completed';
      } catch (error) {
        // Aborted by a shutdown: the queue hands the job back, it did not fail.
        if (context.signal.aborted) outcome = 'returned';
        throw error;
      } finally {
        this.#active.set(type, (this.#active.get(type) ?? 1) - 1);
        const counts = this.#finished.get(type) ?? { completed: 0, failed: 0, returned: 0 };
        counts[outcome] += 1;
        this.#finished.set(type, counts);
        this.#seconds.set(
          type,
          (this.#seconds.get(type) ?? 0) + (performance.now() - started) / 1000,
        );
      }
    };
  }

  /** Jobs running in this process now. */
  running(): number {
    return [...this.#active.values()].reduce((sum, n) => sum + n, 0);
  }

  lines(): string[] {
    const out = [
      '# HELP linhai_worker_jobs_total Jobs this process ran, by type and how they ended.',
      '# TYPE linhai_worker_jobs_total counter',
    ];
    for (const [type, counts] of this.#finished)
      for (const [outcome, n] of Object.entries(counts))
        out.push(sample('linhai_worker_jobs_total', { type, outcome }, n));
    out.push(
      '# HELP linhai_worker_job_seconds_total Time this process spent in jobs, by type.',
      '# TYPE linhai_worker_job_seconds_total counter',
    );
    for (const [type, seconds] of this.#seconds)
      out.push(sample('linhai_worker_job_seconds_total', { type }, seconds));
    out.push(
      '# HELP linhai_worker_jobs_running Jobs this process is running now, by type.',
      '# TYPE linhai_worker_jobs_running gauge',
    );
    for (const [type, n] of this.#active)
      out.push(sample('linhai_worker_jobs_running', { type }, n));
    return out;
  }
}

/**
 * The Prometheus text exposition (format 0.0.4) of one worker: the queue's jobs by type and state
 * (the whole installation's, the same from every worker), this process's jobs, and its network
 * figures: fetches by host, source, kind and outcome, per-host slots and circuit-breaker states.
 */
export async function prometheusText(
  queue: Pick<JobQueue, 'countsByType'>,
  worker: WorkerJobMetrics,
  net: NetHealth,
): Promise<string> {
  const out = [
    '# HELP linhai_queue_jobs Jobs in the queue, by type and state (installation-wide).',
    '# TYPE linhai_queue_jobs gauge',
  ];
  for (const [type, counts] of Object.entries(await queue.countsByType()))
    for (const [state, n] of Object.entries(counts) as [JobState, number][])
      out.push(sample('linhai_queue_jobs', { type, state }, n));
  out.push(...worker.lines());
  out.push(
    '# HELP linhai_fetches_total Requests this process made, by host, source, kind and outcome.',
    '# TYPE linhai_fetches_total counter',
  );
  for (const s of net.sources) {
    const base = { host: hostOf(s.source), source: s.source, kind: s.kind };
    out.push(sample('linhai_fetches_total', { ...base, outcome: 'ok' }, s.ok));
    for (const [code, n] of Object.entries(s.byCode))
      out.push(sample('linhai_fetches_total', { ...base, outcome: code }, n));
  }
  out.push(
    '# HELP linhai_host_requests_active Requests in flight per host from this process.',
    '# TYPE linhai_host_requests_active gauge',
  );
  for (const h of net.hosts)
    out.push(sample('linhai_host_requests_active', { host: h.host }, h.active));
  out.push(
    '# HELP linhai_host_requests_queued Requests waiting for a slot of their host.',
    '# TYPE linhai_host_requests_queued gauge',
  );
  for (const h of net.hosts)
    out.push(sample('linhai_host_requests_queued', { host: h.host }, h.queued));
  out.push(
    '# HELP linhai_breaker_state Circuit breaker per host: 1 for its current state.',
    '# TYPE linhai_breaker_state gauge',
  );
  for (const h of net.hosts)
    for (const state of ['closed', 'open', 'half-open'])
      out.push(
        sample('linhai_breaker_state', { host: h.host, state }, h.breaker === state ? 1 : 0),
      );
  out.push(
    '# HELP linhai_breaker_failures Consecutive failures counted by the breaker of a host.',
    '# TYPE linhai_breaker_failures gauge',
  );
  for (const h of net.hosts)
    out.push(sample('linhai_breaker_failures', { host: h.host }, h.failures));
  return `${out.join('\n')}\n`;
}

/** A source's key is its base URL; its host labels the fetches. */
function hostOf(sourceKey: string): string {
  try {
    return new URL(sourceKey).host;
  } catch {
    return '';
  }
}

function sample(name: string, labels: Record<string, string>, value: number): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return `${name}{${parts.join(',')}} ${Number.isFinite(value) ? value : 0}`;
}

/** Label values escape backslash, double quote and newline (the exposition format's rule). */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
