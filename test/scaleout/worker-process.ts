/** `linhai worker` as a child process, with its metrics endpoint, for the scale-out tests. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const linhai = fileURLToPath(new URL('../../bin/linhai.js', import.meta.url));

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly metricsUrl: string;
  /** The worker's /metrics, parsed: `name{labels}` → value. */
  metrics(): Promise<Map<string, number>>;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** What it wrote to standard error so far. */
  stderr(): string;
}

/** Starts `linhai worker` and resolves once it takes jobs and serves its metrics. */
export function startWorkerProcess(
  env: Record<string, string>,
  args: readonly string[] = [],
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [linhai, 'worker', '--metrics-port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /metrics on (http:\/\/[^\s]+)\/metrics/.exec(out)?.[1];
      if (url)
        resolve({
          child,
          metricsUrl: url,
          exited,
          stderr: () => stderr,
          async metrics() {
            const text = await (await fetch(`${url}/metrics`)).text();
            const values = new Map<string, number>();
            for (const line of text.split('\n'))
              if (line && !line.startsWith('#')) {
                const at = line.lastIndexOf(' ');
                values.set(line.slice(0, at), Number(line.slice(at + 1)));
              }
            return values;
          },
        });
    });
    void exited.then((code) => reject(new Error(`linhai worker exited (${code}): ${stderr}`)));
  });
}
