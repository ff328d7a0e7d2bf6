/**
 * The library and chase suites again, on PostgreSQL + BullMQ + Redis budgets: every test file of
 * test/library (and src/library) that opens the application through `openApp` runs in a child
 * `node --test` with the installation's variables set, as `linhai serve` and `linhai worker`
 * get them — each file in a PostgreSQL schema and a Redis key prefix of its own, removed after.
 * (src/library/use-cases.test.ts already runs on both stores by itself.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  deleteRedisPrefix,
  dropSchema,
  scaleOutSkip,
  testDatabaseUrl,
  testRedisUrl,
} from './backends.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = [join(root, 'test/library'), join(root, 'src/library')]
  .flatMap(testFiles)
  .filter((file) => readFileSync(file, 'utf8').includes('openApp('))
  .sort();

function runFile(
  file: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  // A child started from a test inherits NODE_TEST_CONTEXT and would refuse to run its files.
  const parentEnv = { ...process.env };
  delete parentEnv.NODE_TEST_CONTEXT;
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        '--test-reporter=tap',
        '--test-force-exit',
        '--test-timeout=240000',
        file,
      ],
      { cwd: root, env: { ...parentEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

test('the library suite finds files that open the application', () => {
  assert.ok(files.length >= 1, 'at least one library test file opens the app');
});

for (const file of files) {
  test(`on PostgreSQL + BullMQ: ${relative(root, file)}`, { skip: scaleOutSkip }, async () => {
    const tag = randomBytes(5).toString('hex');
    const schema = `linhai_suite_${tag}`;
    const prefix = `linhai-suite-${tag}`;
    try {
      const { code, output } = await runFile(file, {
        LINHAI_DATABASE_URL: testDatabaseUrl!,
        LINHAI_DATABASE_SCHEMA: schema,
        LINHAI_REDIS_URL: testRedisUrl!,
        LINHAI_REDIS_PREFIX: prefix,
      });
      const summary = output.split('\n').filter((l) => /^# (pass|fail|skipped)|^not ok/.test(l));
      assert.equal(
        code,
        0,
        `${relative(root, file)} on PostgreSQL:\n${summary.join('\n')}\n${output.slice(-3000)}`,
      );
      assert.match(output, /^# pass [1-9]/m, 'its tests ran');
      assert.match(output, /^# fail 0$/m);
    } finally {
      await dropSchema(testDatabaseUrl!, schema);
      await deleteRedisPrefix(testRedisUrl!, prefix);
    }
  });
}
