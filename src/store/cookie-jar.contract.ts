import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '#store';

/** How a backend's test file opens two handles on one migrated database (two processes). */
export interface CookieJarHarness {
  open(): Promise<[Store, Store]>;
  cleanup(): Promise<void>;
  /**
   * Whether the two handles may run transactions at the same time inside one test process. Not
   * on SQLite: its driver is synchronous, so one handle waiting on the other's lock blocks the
   * thread the other needs to finish (separate processes wait for each other as they should).
   */
  readonly interleaves: boolean;
}

const T0 = 1_790_000_000_000;
const cookie = (name: string, value: string) => JSON.stringify({ key: name, value });

/** What every backend must do for cookie jars shared between processes (migration 015). */
export function cookieJarContract(label: string, harness: CookieJarHarness): void {
  describe(`cookie jar store contract (${label})`, () => {
    let one: Store;
    let two: Store;
    before(async () => {
      [one, two] = await harness.open();
    });
    after(async () => {
      try {
        await one?.close();
        await two?.close();
      } finally {
        await harness.cleanup();
      }
    });

    test('a jar never written is version 0 and empty', async () => {
      assert.equal(await one.cookieJars.version('https://none.test'), 0);
      assert.deepEqual(await one.cookieJars.load('https://none.test', T0), {
        version: 0,
        cookies: [],
      });
    });

    test('a save moves the version; the other process reads the same cookies', async () => {
      const jar = 'https://a.test';
      const v1 = await one.cookieJars.save(
        jar,
        [
          { cookieKey: 'a.test;/;sid', cookie: cookie('sid', '1'), expiresAt: null },
          { cookieKey: 'a.test;/;cf', cookie: cookie('cf', 'x'), expiresAt: T0 + 60_000 },
        ],
        T0,
      );
      assert.equal(v1, 1);
      assert.equal(await two.cookieJars.version(jar), 1);
      assert.deepEqual(await two.cookieJars.load(jar, T0), {
        version: 1,
        cookies: [cookie('cf', 'x'), cookie('sid', '1')],
      });
      // A later save by the other process: a change, a removal; an expired cookie is not read.
      const v2 = await two.cookieJars.save(
        jar,
        [
          { cookieKey: 'a.test;/;sid', cookie: cookie('sid', '2'), expiresAt: null },
          { cookieKey: 'a.test;/;gone', cookie: null, expiresAt: null },
        ],
        T0 + 1,
      );
      assert.equal(v2, 2);
      assert.deepEqual((await one.cookieJars.load(jar, T0 + 120_000)).cookies, [
        cookie('sid', '2'),
      ]);
      await one.cookieJars.save(
        jar,
        [{ cookieKey: 'a.test;/;cf', cookie: null, expiresAt: null }],
        T0 + 2,
      );
      assert.deepEqual((await two.cookieJars.load(jar, T0 + 2)).cookies, [cookie('sid', '2')]);
    });

    test('saves of one jar from both processes at once lose no cookie and no version', async () => {
      const jar = 'https://busy.test';
      const save = (i: number) =>
        (i % 2 === 0 ? one : two).cookieJars.save(
          jar,
          [{ cookieKey: `busy.test;/;c${i}`, cookie: cookie(`c${i}`, String(i)), expiresAt: null }],
          T0 + i,
        );
      const indexes = Array.from({ length: 12 }, (_, i) => i);
      const versions: number[] = [];
      if (harness.interleaves) versions.push(...(await Promise.all(indexes.map(save))));
      else for (const i of indexes) versions.push(await save(i));
      assert.deepEqual(
        [...versions].sort((a, b) => a - b),
        Array.from({ length: 12 }, (_, i) => i + 1),
      );
      const stored = await one.cookieJars.load(jar, T0 + 20);
      assert.equal(stored.version, 12);
      assert.equal(stored.cookies.length, 12);
    });

    test('jars are apart, and clearing one empties it everywhere and moves its version', async () => {
      const user = 'https://a.test|user:7';
      await one.cookieJars.save(
        user,
        [{ cookieKey: 'a.test;/;sid', cookie: cookie('sid', 'mine'), expiresAt: null }],
        T0,
      );
      assert.deepEqual((await two.cookieJars.load('https://a.test', T0)).cookies, [
        cookie('sid', '2'),
      ]);
      const before = await two.cookieJars.version(user);
      await two.cookieJars.clear(user, T0 + 1);
      assert.equal(await one.cookieJars.version(user), before + 1);
      assert.deepEqual((await one.cookieJars.load(user, T0 + 1)).cookies, []);
    });
  });
}
