#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node:test through tsx.
// Node 20's --test has no glob support, so the files are listed here.
// Usage: npm test [-- path-substring ...] to run only matching files.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const roots = ['src', 'test'];
const filters = process.argv.slice(2);

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative('.', path));
  }
  return out;
}

const files = roots
  .flatMap((root) => walk(root, []))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
if (!process.env.LINHAI_TEST_DATABASE_URL || !process.env.LINHAI_TEST_REDIS_URL) {
  console.log(
    'note: LINHAI_TEST_DATABASE_URL / LINHAI_TEST_REDIS_URL not set: PostgreSQL and Redis (scale-out) tests are skipped',
  );
}
const concurrency = Math.max(2, availableParallelism());
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    // A test that hangs fails after 5 minutes instead of holding the run (and CI) forever, and a
    // file whose tests are done exits even if something it started left a handle open.
    '--test-timeout=300000',
    '--test-force-exit',
    ...files,
  ],
  // Tests reach local sites only: no built-in sources pointing at the public internet.
  { stdio: 'inherit', env: { ...process.env, LINHAI_TEST: '1', LINHAI_BUILTIN_SOURCES: '0' } },
);
process.exit(result.status ?? 1);
