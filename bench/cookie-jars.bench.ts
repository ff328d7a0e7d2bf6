/**
 * What shared cookie jars cost per request (issue 21): the same 2,000 requests to a local page,
 * with a cookie in the source's jar so every request looks its Cookie header up, through clients
 * whose jars are in memory only, in SQLite (two variants: a version check at most once a second —
 * the default — and on every request), and in PostgreSQL when LINHAI_TEST_DATABASE_URL is set.
 * Rounds are interleaved on one machine; the table gives CPU and wall time per request against
 * memory jars, and the store round trips per request. `npm run bench -- cookie-jars`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createHttpClient } from '#net';
import type { HttpClient } from '#net';
import { openStore } from '#store';
import type { Store } from '#store';
import { cpuTime, median, time } from './side-by-side.ts';

const perRound = 250;
const rounds = 8;
const inFlight = 8;

interface Row {
  name: string;
  client: HttpClient;
  cpu: number[];
  wall: number[];
}

export async function run(): Promise<boolean> {
  const server = createServer((req, res) => {
    if (req.url === '/set') res.setHeader('set-cookie', 'cf_clearance=ok; Path=/; Max-Age=3600');
    res.end(req.headers.cookie?.includes('cf_clearance=ok') ? 'with cookie' : 'without');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'linhai-bench-jars-'));
  const stores: Store[] = [];
  const open = async (options: Parameters<typeof openStore>[0]) => {
    const store = openStore(options);
    await store.migrate();
    stores.push(store);
    return store;
  };
  const client = (cookieStore?: Store, cookieRecheckMs?: number) =>
    createHttpClient({
      allowHosts: ['127.0.0.1'],
      env: {},
      robots: false,
      politeness: { minIntervalMs: 0, concurrency: 64 },
      ...(cookieStore ? { cookieStore: cookieStore.cookieJars } : {}),
      ...(cookieRecheckMs !== undefined ? { cookieRecheckMs } : {}),
    });
  const sqlite = await open({ dataDir: dir });
  const rows: Row[] = [
    { name: 'memory only', client: client(), cpu: [], wall: [] },
    { name: 'SQLite, version check ≤ 1/s', client: client(sqlite), cpu: [], wall: [] },
    { name: 'SQLite, version check every request', client: client(sqlite, 0), cpu: [], wall: [] },
  ];
  const pgUrl = process.env.LINHAI_TEST_DATABASE_URL;
  const schema = `linhai_bench_${randomBytes(5).toString('hex')}`;
  if (pgUrl) {
    const postgres = await open({ url: pgUrl, schema });
    rows.push({
      name: 'PostgreSQL, version check ≤ 1/s',
      client: client(postgres),
      cpu: [],
      wall: [],
    });
    rows.push({
      name: 'PostgreSQL, check every request',
      client: client(postgres, 0),
      cpu: [],
      wall: [],
    });
  } else {
    console.log('PostgreSQL rows skipped: LINHAI_TEST_DATABASE_URL is not set');
  }
  const source = { key: 'bench-jar' };
  for (const row of rows) await row.client.fetch({ url: `${origin}/set`, kind: 'other', source });
  const batch = async (c: HttpClient) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next++ < perRound) {
          const r = await c.fetch({ url: `${origin}/page`, kind: 'other', source });
          if (r.text !== 'with cookie') throw new Error('the cookie was not sent');
        }
      }),
    );
  };
  // A warm-up batch each (connections, JIT), not counted.
  for (const row of rows) await batch(row.client);
  for (const row of rows) Object.assign(row.client.cookieJars.reads, { checks: 0, loads: 0 });
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? rows : [...rows].reverse();
    for (const row of order) {
      let wall = 0;
      row.cpu.push(await cpuTime(async () => (wall = await time(() => batch(row.client)))));
      row.wall.push(wall);
    }
  }
  const base = rows[0]!;
  const perRequest = (ms: number) => (ms * 1000) / perRound;
  console.log(
    '| jars | CPU µs/request | × memory | wall µs/request | × memory | store reads/request |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) {
    const jars = row.client.cookieJars.reads;
    const reads = (jars.checks + jars.loads) / (perRound * rounds);
    console.log(
      `| ${row.name} | ${perRequest(median(row.cpu)).toFixed(0)} | ${(median(row.cpu) / median(base.cpu)).toFixed(2)} | ${perRequest(median(row.wall)).toFixed(0)} | ${(median(row.wall) / median(base.wall)).toFixed(2)} | ${reads.toFixed(3)} |`,
    );
  }
  for (const row of rows) await row.client.close();
  for (const store of stores) await store.close();
  if (pgUrl) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`drop schema if exists "${schema}" cascade`);
    await c.end();
  }
  rmSync(dir, { recursive: true, force: true });
  server.close();
  return true;
}
