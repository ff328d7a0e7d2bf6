// Search fan-out over 50 local HTTP sources with a spread of latencies, 10% of them hanging
// (they accept the request and never answer). Targets: the first result arrives within 20 ms of
// the fastest source's own response time, and the search completes at the per-source deadline,
// not later. Printed beside the sources' own latencies.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { request } from 'undici';
import { searchBooks } from '../src/library/index.ts';
import type { SourceBook, SourceGateway } from '../src/library/index.ts';

const SOURCES = 50;
const HANGING = 5;
const DEADLINE_MS = 1500;
const FIRST_RESULT_SLACK_MS = 20;

interface BenchSource {
  readonly key: string;
  readonly name: string;
  readonly latencyMs: number | 'hang';
  readonly server: Server;
}

async function startSource(index: number, latencyMs: number | 'hang'): Promise<BenchSource> {
  const server = createServer((req, res) => {
    if (latencyMs === 'hang') return; // never answers
    setTimeout(() => {
      const books: SourceBook[] = [
        { name: '诡秘之主', author: '爱潜水的乌贼', bookUrl: `/book/${index}` },
        { name: `独有的书${index}`, author: `作者${index}`, bookUrl: `/own/${index}` },
      ];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(books));
    }, latencyMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { key: `http://127.0.0.1:${port}`, name: `source-${index}`, latencyMs, server };
}

/**
 * A gateway that asks each source over HTTP and notes when each source's answer was complete,
 * on the benchmark's own clock: the moment a result could at the earliest be shown.
 */
function httpGateway(
  sources: readonly BenchSource[],
  answeredAt: Map<string, { at: number; ownMs: number }>,
  t0: () => number,
): SourceGateway {
  const unused = () => Promise.reject(new Error('not used by this benchmark'));
  return {
    searchableSources: async () => sources.map((s) => ({ key: s.key, name: s.name })),
    async search(key, query, signal) {
      const begin = performance.now();
      const response = await request(`${key}/search?q=${encodeURIComponent(query)}`, { signal });
      const books = (await response.body.json()) as SourceBook[];
      const end = performance.now();
      answeredAt.set(key, { at: end - t0(), ownMs: end - begin });
      return books;
    },
    bookInfo: unused,
    toc: unused,
    content: unused,
  };
}

async function measure(sources: readonly BenchSource[], concurrency: number) {
  const answeredAt = new Map<string, { at: number; ownMs: number }>();
  let started = performance.now();
  const gateway = httpGateway(sources, answeredAt, () => started);
  // A bare timer beside the search: how late this busy machine fires a timer of the same length.
  const control = new Promise<number>((resolve) => {
    const t = performance.now();
    setTimeout(() => resolve(performance.now() - t - DEADLINE_MS), DEADLINE_MS);
  });
  started = performance.now();
  let firstResultMs: number | undefined;
  let finished: { elapsedMs: number; failed: number; books: number } | undefined;
  for await (const event of searchBooks({ gateway }, '诡秘', {
    concurrency,
    deadlineMs: DEADLINE_MS,
  })) {
    if (event.type === 'book' && firstResultMs === undefined)
      firstResultMs = performance.now() - started;
    if (event.type === 'finished') finished = event;
  }
  const totalMs = performance.now() - started;
  const answers = [...answeredAt.values()];
  const fastestAnswer = Math.min(...answers.map((a) => a.at));
  const fastestOwn = Math.min(...answers.map((a) => a.ownMs));
  return {
    firstResultMs: firstResultMs ?? NaN,
    fastestAnswer,
    fastestOwn,
    totalMs,
    finished,
    timerLateMs: await control,
  };
}

export async function run(): Promise<boolean> {
  // A spread of latencies: 45 sources from 30 ms to ~1,200 ms, shuffled; 5 hang.
  const latencies: Array<number | 'hang'> = Array.from({ length: SOURCES - HANGING }, (_, i) =>
    Math.round(30 + (i * i * 1170) / (SOURCES - HANGING - 1) ** 2),
  );
  for (let i = 0; i < HANGING; i++) latencies.push('hang');
  // Deterministic shuffle (LCG) so runs compare.
  let seed = 7;
  for (let i = latencies.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [latencies[i], latencies[j]] = [
      latencies[j] as number | 'hang',
      latencies[i] as number | 'hang',
    ];
  }
  const sources = await Promise.all(latencies.map((latency, i) => startSource(i, latency)));
  try {
    await measure(sources.slice(0, 3), 3); // warm up connections and the JIT
    const numeric = latencies.filter((l): l is number => l !== 'hang').sort((a, b) => a - b);
    console.log(
      `${SOURCES} sources on 127.0.0.1: ${HANGING} hang; the others answer after ${numeric[0]}–${numeric.at(-1)} ms ` +
        `(median ${numeric[Math.floor(numeric.length / 2)]} ms); per-source deadline ${DEADLINE_MS} ms`,
    );
    const rows: Record<string, Record<string, string>> = {};
    let ok = true;
    for (const concurrency of [50, 16]) {
      const m = await measure(sources, concurrency);
      const firstLag = m.firstResultMs - m.fastestAnswer;
      const late = m.totalMs - DEADLINE_MS;
      rows[`cap ${concurrency}`] = {
        'fastest source: own (ms)': m.fastestOwn.toFixed(1),
        'fastest answer at (ms)': m.fastestAnswer.toFixed(1),
        'first result at (ms)': m.firstResultMs.toFixed(1),
        'first − fastest (ms)': firstLag.toFixed(1),
        'completed (ms)': m.totalMs.toFixed(1),
        'completed − deadline (ms)': late.toFixed(1),
        'bare timer late (ms)': m.timerLateMs.toFixed(1),
        failed: String(m.finished?.failed),
        books: String(m.finished?.books),
      };
      // Completion is judged against a bare timer of the same length in the same run: on a
      // loaded machine every timer fires late, and that lateness is not the search's.
      ok &&= firstLag <= FIRST_RESULT_SLACK_MS && late <= Math.max(0, m.timerLateMs) + 10;
    }
    console.table(rows);
    console.log(`load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`);
    console.log(
      "first − fastest: the first result event after the moment the fastest source's answer was complete; " +
        `target ≤ ${FIRST_RESULT_SLACK_MS} ms. completed − deadline: target ≤ the bare timer's lateness + 10 ms.`,
    );
    console.log(ok ? 'targets met' : 'TARGET MISSED');
    return ok;
  } finally {
    for (const s of sources) s.server.closeAllConnections();
    await Promise.all(sources.map((s) => new Promise((resolve) => s.server.close(resolve))));
  }
}
