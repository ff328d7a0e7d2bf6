/**
 * Each command loads only what it uses (issue 17): `linhai --version` opens nothing, `linhai shelf`
 * on SQLite opens the store and none of Redis, BullMQ, PostgreSQL, the HTTP client, the QuickJS
 * sandbox's engine, the server or the zip and Chinese-script libraries. The command runs in a child process
 * with a module trace (test/support/module-trace.mjs); a static import of any of these from a
 * module the command reaches (a layer's door re-exports a lot) fails here. The start benchmark
 * (`npm run bench -- cli-start`) measures what this keeps.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/linhai.js', import.meta.url));
const trace = fileURLToPath(new URL('../support/module-trace.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'linhai-lazy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Packages (and our own folders) a command that fetches, queues and serves nothing must not load. */
const heavy = [
  '/node_modules/bullmq/',
  '/node_modules/ioredis/',
  '/node_modules/pg/',
  '/node_modules/undici/',
  '/node_modules/fastify/',
  '/node_modules/typebox/',
  '/node_modules/xmlbuilder2/',
  '/node_modules/jszip/',
  '/node_modules/opencc-js/',
  '/node_modules/playwright-core/',
  '/src/server/',
];

/** Runs `linhai <args>` from the sources and returns the modules it loaded. */
function loadedBy(args: string[]): string[] {
  const out = join(dir, `trace-${args.join('-')}.txt`);
  const result = spawnSync(
    process.execPath,
    ['--conditions=linhai-source', '--import', 'tsx', '--import', trace, bin, ...args],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        LINHAI_DATA_DIR: join(dir, 'data'),
        LINHAI_BUILTIN_SOURCES: '0',
        LINHAI_DATABASE_URL: '',
        LINHAI_REDIS_URL: '',
        LINHAI_MODULE_TRACE: out,
      },
    },
  );
  assert.equal(result.status, 0, `linhai ${args.join(' ')}: ${result.stderr}`);
  const loaded = readFileSync(out, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replaceAll('\\', '/'));
  assert.ok(
    loaded.some((path) => path.includes('/src/cli/main.ts')),
    'the trace saw the CLI load',
  );
  return loaded;
}

function assertNone(loaded: string[], forbidden: readonly string[], command: string): void {
  const found = forbidden.filter((part) => loaded.some((path) => path.includes(part)));
  assert.deepEqual(found, [], `linhai ${command} loaded ${found.join(', ')}`);
}

test('linhai --version loads neither the app nor the store', () => {
  const loaded = loadedBy(['--version']);
  assertNone(
    loaded,
    [...heavy, '/node_modules/kysely/', '/node_modules/better-sqlite3/', '/src/app/'],
    '--version',
  );
});

test('linhai shelf on SQLite loads the store and nothing that fetches, queues or serves', () => {
  const loaded = loadedBy(['shelf']);
  assert.ok(loaded.some((path) => path.includes('/node_modules/better-sqlite3/')));
  assertNone(loaded, heavy, 'shelf');
});
