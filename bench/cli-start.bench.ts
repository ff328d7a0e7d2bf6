/**
 * How long the `linhai` command takes to answer, as a user runs it (compiled JavaScript from dist/,
 * one process per command): `--version`, `shelf` and `read <book> 1` with the chapter cached,
 * against `node -e 0`, interleaved in one run. Median wall time of each, and its ratio to node.
 * Targets: `--version` within 2× of `node -e 0`, `shelf` within 4×.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogue, startDemoSites } from '#demo';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/linhai.js');
const runs = 15;

export async function run(): Promise<boolean> {
  // Compiles the sources as they are now (what `npm install` does), so dist/ is not stale.
  const build = spawnSync('npm', ['run', 'build:server'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build:server failed: ${build.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'linhai-cli-start-'));
  // The compiled CLI, as installed: without the linhai-source condition npm run bench runs under.
  const env = {
    ...process.env,
    NODE_OPTIONS: '',
    LINHAI_DATA_DIR: dir,
    LINHAI_ALLOW_HOSTS: '127.0.0.1',
    LINHAI_BUILTIN_SOURCES: '0',
  };
  const cluster = await startDemoSites({ sites: [{ template: 'biquge' }] });
  const linhai = (...args: string[]) =>
    new Promise<void>((resolve, reject) => {
      // Asynchronous, so the demo site in this process can answer while the command runs.
      execFile(process.execPath, [bin, ...args], { env }, (error, _out, stderr) =>
        error ? reject(new Error(`linhai ${args.join(' ')}: ${stderr}`)) : resolve(),
      );
    });
  try {
    const book = catalogue.books().find((b) => b.title === '星河归途')!;
    writeFileSync(join(dir, 'demo.json'), JSON.stringify(cluster.sites.map((s) => s.source)));
    await linhai('sources', 'import', join(dir, 'demo.json'));
    await linhai('add', book.title);
    await linhai('read', book.title, '1');
  } finally {
    await cluster.close();
  }
  const cases: [string, string[]][] = [
    ['node -e 0', ['-e', '0']],
    ['linhai --version', [bin, '--version']],
    ['linhai shelf', [bin, 'shelf']],
    ['linhai read <book> 1 (cached)', [bin, 'read', '星河归途', '1']],
  ];
  const times = cases.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    cases.forEach(([name, args], c) => {
      const started = performance.now();
      const result = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
      times[c]!.push(performance.now() - started);
      if (result.status !== 0) throw new Error(`${name} exited ${result.status}: ${result.stderr}`);
    });
  }
  rmSync(dir, { recursive: true, force: true });
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const medians = times.map(median);
  const node = medians[0]!;
  console.log(`median of ${runs} runs each, interleaved`);
  cases.forEach(([name], c) =>
    console.log(
      `${name.padEnd(32)} ${medians[c]!.toFixed(0).padStart(6)} ms  ${(medians[c]! / node).toFixed(2)}× node`,
    ),
  );
  const versionOk = medians[1]! <= 2 * node;
  const shelfOk = medians[2]! <= 4 * node;
  console.log(
    `--version within 2×: ${versionOk ? 'yes' : 'NO'}; shelf within 4×: ${shelfOk ? 'yes' : 'NO'}`,
  );
  return versionOk && shelfOk;
}
