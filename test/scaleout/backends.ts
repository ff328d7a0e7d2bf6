/**
 * The installations the scale-out tests run on: SQLite with the embedded queue always, and
 * PostgreSQL with BullMQ on Redis when LINHAI_TEST_DATABASE_URL and LINHAI_TEST_REDIS_URL are set.
 * Each run gets its own PostgreSQL schema and Redis key prefix, removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';

export const testDatabaseUrl = process.env.LINHAI_TEST_DATABASE_URL || undefined;
export const testRedisUrl = process.env.LINHAI_TEST_REDIS_URL || undefined;
export const scaleOutSkip =
  testDatabaseUrl && testRedisUrl
    ? false
    : 'LINHAI_TEST_DATABASE_URL and LINHAI_TEST_REDIS_URL are not both set: PostgreSQL + Redis not exercised';

/** One throwaway installation: a data folder, and on PG+Redis a schema and a key prefix. */
export interface Installation {
  readonly name: 'sqlite' | 'postgres+redis';
  readonly dataDir: string;
  /** What `openApp` takes (and, as variables, what `linhai` processes take). */
  readonly appOptions: {
    dataDir: string;
    databaseUrl?: string;
    databaseSchema?: string;
    redisUrl?: string;
    redisPrefix?: string;
  };
  readonly env: Record<string, string>;
  cleanup(): Promise<void>;
}

export function sqliteInstallation(): Installation {
  const dataDir = mkdtempSync(join(tmpdir(), 'linhai-scaleout-'));
  return {
    name: 'sqlite',
    dataDir,
    appOptions: { dataDir },
    env: { LINHAI_DATA_DIR: dataDir },
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function postgresRedisInstallation(): Installation {
  const dataDir = mkdtempSync(join(tmpdir(), 'linhai-scaleout-pg-'));
  const tag = randomBytes(5).toString('hex');
  const schema = `linhai_test_${tag}`;
  const prefix = `linhai-test-${tag}`;
  return {
    name: 'postgres+redis',
    dataDir,
    appOptions: {
      dataDir,
      databaseUrl: testDatabaseUrl!,
      databaseSchema: schema,
      redisUrl: testRedisUrl!,
      redisPrefix: prefix,
    },
    env: {
      LINHAI_DATA_DIR: dataDir,
      LINHAI_DATABASE_URL: testDatabaseUrl!,
      LINHAI_DATABASE_SCHEMA: schema,
      LINHAI_REDIS_URL: testRedisUrl!,
      LINHAI_REDIS_PREFIX: prefix,
    },
    async cleanup() {
      await dropSchema(testDatabaseUrl!, schema);
      await deleteRedisPrefix(testRedisUrl!, prefix);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** Deletes this run's keys only: other runs (and installations) may share the Redis. */
export async function deleteRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}
