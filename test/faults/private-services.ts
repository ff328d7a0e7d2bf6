/**
 * A private PostgreSQL and a private Redis for the fault tests: started on free ports in temp
 * folders, so the tests may restart and stop them without touching the machine's shared ones.
 * PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user (runuser).
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The newest PostgreSQL's bin folder under /usr/lib/postgresql, if installed. */
export function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

export function redisServerPath(): string | undefined {
  return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));
}

/** Why the fault tests cannot run here, or false. */
export function privateServicesSkip(): string | false {
  if (postgresBin() === undefined) return 'no PostgreSQL binaries in /usr/lib/postgresql/*/bin';
  if (redisServerPath() === undefined) return 'no redis-server';
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface PrivatePostgres {
  readonly url: string;
  start(): Promise<void>;
  /** Fast shutdown (connections are cut, as in a real restart), then start again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  remove(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin()!;
  const dir = await mkdtemp(join(tmpdir(), 'linhai-fault-pg-'));
  const data = join(dir, 'data');
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout), Number(gid));
  }
  await chmod(dir, 0o700);
  const as = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args])
      : run(join(bin, command), args);
  const port = await freePort();
  await as('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const pgCtl = (...args: string[]) =>
    as('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', ...args]);
  const db: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: async () => void (await pgCtl('start')),
    restart: async () => void (await pgCtl('-m', 'fast', 'restart')),
    stop: async () => void (await pgCtl('-m', 'fast', 'stop')),
    async remove() {
      await db.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  await db.start();
  return db;
}

export interface PrivateRedis {
  readonly url: string;
  start(): Promise<void>;
  /** SIGTERM: Redis writes its append-only file and exits; `start` reloads it. */
  stop(): Promise<void>;
  remove(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'linhai-fault-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const redis: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      const started = spawn(
        redisServerPath()!,
        ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''].concat([
          '--appendonly',
          'yes',
          '--maxmemory-policy',
          'noeviction',
        ]),
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = started;
      await new Promise<void>((resolve, reject) => {
        let out = '';
        started.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (/Ready to accept connections/.test(out)) resolve();
        });
        started.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
      });
    },
    async stop() {
      const running = child;
      child = undefined;
      if (running === undefined || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    },
    async remove() {
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await redis.start();
  return redis;
}
