#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node:test through tsx.
// Node 20's --test has no glob support, so the files are listed here.
// Usage: npm test [-- path-substring ...] to run only matching files.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { watchSkips } from './skip-watch.js';

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
// Tests run the TypeScript sources, never the compiled dist/: the `linhai-source` condition points
// the package's `#model`… imports at src/ (package.json "imports"). NODE_OPTIONS carries it into
// the processes tests spawn (bin/linhai.js, workers), which then run the sources too.
const sourceConditions = ['--conditions=linhai-source'];
const nodeOptions = [process.env.NODE_OPTIONS, ...sourceConditions].filter(Boolean).join(' ');
const child = spawn(
  process.execPath,
  [
    ...sourceConditions,
    '--import',
    'tsx',
    // Each test file's process inherits it: its results are written out before a forced exit.
    '--import',
    './scripts/blocking-stdout.js',
    '--test',
    // TAP, whatever the terminal: its `# SKIP` marks are what the skip check below counts.
    '--test-reporter=tap',
    `--test-concurrency=${concurrency}`,
    // A test that hangs fails after 5 minutes instead of holding the run (and CI) forever, and a
    // file whose tests are done exits even if something it started left a handle open.
    '--test-timeout=300000',
    '--test-force-exit',
    ...files,
  ],
  // Tests reach local sites only: no built-in sources pointing at the public internet.
  {
    stdio: ['inherit', 'pipe', 'inherit'],
    env: {
      ...process.env,
      NODE_OPTIONS: nodeOptions,
      LINHAI_TEST: '1',
      LINHAI_BUILTIN_SOURCES: '0',
    },
  },
);
const watched = watchSkips(child.stdout, (line) => console.log(line));
const [code] = await once(child, 'close');
const { skipped, summary } = await watched;
const skips = [...skipped.values()].reduce((a, b) => a + b, 0);
if (skips > 0) {
  console.log(`# ${skips} tests or suites skipped:`);
  for (const [reason, count] of skipped) console.log(`#   ${count} × ${reason}`);
}
for (const line of summary) console.log(line);
// CI has every optional piece (../shared, PostgreSQL, Redis, EPUBCheck): a skip there is a failure.
const strict = process.env.CI === 'true' || process.env.CI === '1';
if (strict && skips > 0) {
  console.error(`CI: ${skips} tests or suites were skipped; everything must run here (see above)`);
  process.exit(1);
}
process.exit(code ?? 1);
