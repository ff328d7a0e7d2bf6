import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type * as Ioredis from 'ioredis';
import { lazyRequire } from '#model';
import type { App } from './open-app.ts';

const ioredis = lazyRequire<typeof Ioredis>('ioredis');
const postgres = lazyRequire<typeof pg>('pg');

export interface LeadershipOptions {
  /**
   * Redis: how long the lease lasts without renewal, so how long a dead leader holds it (default
   * 15 s; renewed every third of it). PostgreSQL: how often the session is checked.
   */
  readonly ttlMs?: number;
  /** How often a contender that does not lead tries again (default a third of `ttlMs`). */
  readonly retryMs?: number;
}

export interface Leadership {
  /** Whether this process leads now. */
  readonly leading: boolean;
  /** Stops contending; when leading, calls `onLose` first, then frees the lock for another. */
  release(): Promise<void>;
}

type Hook = () => void | Promise<void>;

/** One way of holding a named lock: try to take it, confirm it is still ours, give it back. */
interface LockBackend {
  take(): Promise<boolean>;
  /** False when the lock is no longer ours (expired, taken, session lost). */
  confirm(): Promise<boolean>;
  free(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs something in exactly one process of an installation at a time (the chase scheduler):
 * `onLead` when this process becomes the leader, `onLose` when it stops being one (it lost the
 * lock, or `release`). Contending goes on in the background: a process that does not lead takes
 * over when the leader dies. With Redis: a `SET NX PX` lease renewed periodically; with
 * PostgreSQL alone: a session advisory lock (freed by the server when the leader's connection
 * drops); with SQLite (one process): this process leads at once.
 */
export async function acquireLeadership(
  app: Pick<App, 'installation'>,
  name: string,
  onLead: Hook,
  onLose: Hook,
  options: LeadershipOptions = {},
): Promise<Leadership> {
  const ttlMs = options.ttlMs ?? 15_000;
  const retryMs = options.retryMs ?? Math.max(50, Math.floor(ttlMs / 3));
  const backend = backendFor(app.installation, name, ttlMs);
  let leading = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  // One step at a time: a slow Redis or database never runs two steps side by side.
  let step: Promise<void> = Promise.resolve();

  const tick = async (): Promise<void> => {
    if (closed) return;
    if (leading) {
      if (!(await backend.confirm().catch(() => false))) {
        leading = false;
        await onLose();
      }
    } else if (await backend.take().catch(() => false)) {
      leading = true;
      await onLead();
    }
  };
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(
      () => {
        step = step
          .then(tick)
          .catch(() => undefined)
          .then(schedule);
      },
      leading ? Math.max(50, Math.floor(ttlMs / 3)) : retryMs,
    );
  };
  step = tick().catch(() => undefined);
  await step;
  schedule();

  return {
    get leading() {
      return leading;
    },
    async release() {
      closed = true;
      clearTimeout(timer);
      await step;
      if (leading) {
        leading = false;
        await onLose();
        await backend.free().catch(() => undefined);
      }
      await backend.close();
    },
  };
}

function backendFor(installation: App['installation'], name: string, ttlMs: number): LockBackend {
  if (installation.redisUrl)
    return redisLease(installation.redisUrl, `${installation.redisPrefix}:lock:${name}`, ttlMs);
  if (installation.databaseUrl && /^postgres(ql)?:\/\//.test(installation.databaseUrl))
    return advisoryLock(
      installation.databaseUrl,
      `linhai:${installation.databaseSchema ?? 'public'}:${name}`,
    );
  // SQLite: one process owns the database, so it leads.
  return {
    take: async () => true,
    confirm: async () => true,
    free: async () => undefined,
    close: async () => undefined,
  };
}

/** Renew or free only our own lease (the token), atomically. */
const renewScript = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const freeScript = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1]) else return 0 end`;

function redisLease(url: string, key: string, ttlMs: number): LockBackend {
  const redis = new (ioredis().Redis)(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  const token = randomUUID();
  let renewedAt = 0;
  return {
    async take() {
      const taken = (await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK';
      if (taken) renewedAt = Date.now();
      return taken;
    },
    async confirm() {
      try {
        const renewed = (await redis.eval(renewScript, 1, key, token, ttlMs)) === 1;
        if (renewed) renewedAt = Date.now();
        return renewed;
      } catch {
        // Redis unreachable: the lease still holds until it would have expired, no longer.
        return Date.now() - renewedAt < ttlMs;
      }
    },
    async free() {
      await redis.eval(freeScript, 1, key, token);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function advisoryLock(url: string, key: string): LockBackend {
  let client: pg.Client | undefined;
  let broken = false;
  const connect = async (): Promise<pg.Client> => {
    if (client && !broken) return client;
    await client?.end().catch(() => undefined);
    broken = false;
    const fresh = new (postgres().Client)({ connectionString: url });
    // A dropped connection frees the lock on the server; we notice at the next confirm.
    fresh.on('error', () => {
      broken = true;
    });
    await fresh.connect();
    client = fresh;
    return fresh;
  };
  return {
    async take() {
      const session = await connect();
      const result = await session.query<{ taken: boolean }>(
        'select pg_try_advisory_lock(hashtextextended($1, 0)) as taken',
        [key],
      );
      return result.rows[0]?.taken === true;
    },
    async confirm() {
      if (!client || broken) return false;
      await client.query('select 1');
      return true;
    },
    async free() {
      await client?.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
    },
    async close() {
      await client?.end().catch(() => undefined);
    },
  };
}
