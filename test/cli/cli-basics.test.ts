import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startCli } from './run-cli.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'linhai-cli-'));
test.after(() => rmSync(dataDir, { recursive: true, force: true }));

test('linhai --help lists the commands', async () => {
  const { code, stdout } = await runCli(['--help']);
  assert.equal(code, 0);
  for (const command of ['serve', 'demo'])
    assert.match(stdout, new RegExp(`^\\s+${command}\\b`, 'm'));
  assert.match(stdout, /--data-dir/);
});

test('linhai --version prints the package version', async () => {
  const { code, stdout } = await runCli(['--version']);
  assert.equal(code, 0);
  assert.match(stdout.trim(), /^\d+\.\d+\.\d+$/);
});

test('an unknown command is rejected with a clear message and exit code 2', async () => {
  const { code, stderr } = await runCli(['fly']);
  assert.equal(code, 2);
  assert.match(stderr, /unknown command 'fly'/);
});

test('a bad port is rejected before anything starts', async () => {
  const { code, stderr } = await runCli(['serve', '--port', 'eighty']);
  assert.equal(code, 2);
  assert.match(stderr, /"eighty" is not a port number/);
});

test('an unknown option is rejected with exit code 2', async () => {
  const { code, stderr } = await runCli(['serve', '--colour']);
  assert.equal(code, 2);
  assert.match(stderr, /unknown option '--colour'/);
});

test('linhai serve answers on its health endpoint and stops on SIGTERM', async () => {
  const server = await startCli(
    ['--data-dir', dataDir, 'serve', '--port', '0'],
    /serving on (http:\/\/127\.0\.0\.1:\d+)/,
  );
  try {
    const base = server.match[1]!;
    const health = await fetch(`${base}/health`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');
    const home = await fetch(base);
    assert.equal(home.status, 200);
    assert.match(await home.text(), /Linhai/);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test('linhai demo --serve starts the four demo sites and a server that has their sources', async () => {
  const demoDir = mkdtempSync(join(tmpdir(), 'linhai-demo-'));
  const demo = await startCli(
    ['--data-dir', demoDir, 'demo', '--serve', '--port', '0'],
    /serving on (http:\/\/127\.0\.0\.1:\d+)/,
  );
  try {
    for (const template of ['biquge', 'paged', 'json', 'english']) {
      assert.match(
        demo.output(),
        new RegExp(`^\\s+${template}\\s+http://127\\.0\\.0\\.1:\\d+`, 'm'),
      );
    }
    const health = await fetch(`${demo.match[1]}/health`);
    assert.equal(health.status, 200);
    const listed = await runCli(['--data-dir', demoDir, 'sources', 'list', '--json']);
    assert.equal((JSON.parse(listed.stdout) as unknown[]).length, 4);
  } finally {
    assert.equal(await demo.stop(), 0);
    rmSync(demoDir, { recursive: true, force: true });
  }
});

test('linhai completion prints a bash script that completes commands and options', async () => {
  const { code, stdout } = await runCli(['completion', 'bash']);
  assert.equal(code, 0);
  const script = join(dataDir, 'completion.bash');
  writeFileSync(script, stdout);
  const complete = (words: string[]) =>
    execFileSync(
      'bash',
      [
        '-c',
        `source '${script}'; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _linhai; echo "\${COMPREPLY[@]}"`,
      ],
      { encoding: 'utf8' },
    ).trim();
  assert.equal(complete(['linhai', 'sou']), 'sources');
  assert.equal(complete(['linhai', 'sources', '']), 'budget login import list test --help');
  assert.match(complete(['linhai', 'export', '--']), /--epub --txt --gb18030 --from --to --output/);
  const fish = await runCli(['completion', 'fish']);
  assert.match(fish.stdout, /complete -c linhai -n '__fish_use_subcommand' -f -a 'search'/);
  const bad = await runCli(['completion', 'tcsh']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /"tcsh" is not a supported shell/);
});
